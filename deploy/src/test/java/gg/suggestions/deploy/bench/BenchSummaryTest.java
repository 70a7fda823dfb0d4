package gg.suggestions.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchSummaryTest {

  @Test
  void everyTableOfAReportBecomesRowsUnderItsHeading() {
    var tables =
        BenchSummary.tables(
            List.of(
                "# Failover",
                "",
                "| path | commands/s | p50 ms | ratio |",
                "|---|---:|---:|---:|",
                "| ours | 1,300 | 24.2 | **0.131×** |",
                "| stock Axon | 2,386 | 11.0 | 1.0× |",
                "",
                "## Without a table"));

    assertThat(tables).containsOnlyKeys("Failover");
    assertThat(tables.get("Failover"))
        .isEqualTo(
            List.of(
                Map.of("path", "ours", "commands/s", 1300.0, "p50 ms", 24.2, "ratio", 0.131),
                Map.of("path", "stock Axon", "commands/s", 2386.0, "p50 ms", 11.0, "ratio", 1.0)));
  }
}
