package gg.suggestions.deploy.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProblemErrorReportValveTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void namesThePathForAnInvalidUri() throws Exception {
    JsonNode problem = JSON.readTree(ProblemErrorReportValve.body(400, "Invalid URI"));

    assertThat(problem.path("status").asInt()).isEqualTo(400);
    assertThat(problem.path("detail").asText()).contains("Invalid URI");
    assertThat(problem.path("parameter").asText()).isEqualTo("path");
  }

  @Test
  void namesTheHeadersForAHeaderTooLarge() throws Exception {
    JsonNode problem =
        JSON.readTree(ProblemErrorReportValve.body(400, "Request header is too large"));

    assertThat(problem.path("parameter").asText()).isEqualTo("headers");
  }

  @Test
  void neverRepeatsAMessageCarryingControlCharactersOrANonAsciiValue() throws Exception {
    JsonNode problem =
        JSON.readTree(
            ProblemErrorReportValve.body(400, "Invalid character [\u0001\u00e9<script>]"));

    assertThat(problem.path("detail").asText())
        .doesNotContain("\u0001", "\u00e9")
        .contains("Bad Request");
  }
}
