package gg.suggestions.deploy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void findsTheMetricsNotTheFunctionsLabelsOrKeywords() {
    assertThat(
            PromQl.metricNames(
                "histogram_quantile(0.99, sum by (type, le) (rate(suggestions_commands_seconds_bucket"
                    + "{outcome!=\"accepted\", type=~\"a|b\"}[5m]))) > 1 and on (instance)"
                    + " up{job=\"x\"} == 0 or vector(0)"))
        .containsExactly("suggestions_commands_seconds_bucket", "up");
  }

  @Test
  void readsBothSidesOfARatio() {
    assertThat(
            PromQl.metricNames(
                "suggestions_projection_bootstrap_records_read"
                    + " / ignoring (x) suggestions_projection_bootstrap_records_target * 1e2"))
        .containsExactly(
            "suggestions_projection_bootstrap_records_read",
            "suggestions_projection_bootstrap_records_target");
  }
}
