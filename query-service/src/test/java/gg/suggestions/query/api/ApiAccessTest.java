package gg.suggestions.query.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.suggestions.eventstore.request.BearerToken;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

class ApiAccessTest {

  private static final String TOKEN = "t".repeat(32);
  private final ApiAccess access = new ApiAccess(new BearerToken(TOKEN));

  @Test
  void takesIdsAndTextWithinThePlatformLimits() {
    assertThat(ApiAccess.discordId("guildId", "601219766258106399"))
        .isEqualTo("601219766258106399");
    assertThat(ApiAccess.shortId("suggestionId", "k3x9ab2f")).isEqualTo("k3x9ab2f");
    assertThat(ApiAccess.text("contains", "k3x", QueryLimits.CONTAINS_MAX)).isEqualTo("k3x");
  }

  @Nested
  class RefusesNamingTheParameter {

    @Test
    void aNulInText() {
      assertRefused(
          () -> ApiAccess.text("contains", "a\u0000", QueryLimits.CONTAINS_MAX), "contains");
    }

    @Test
    void textOverItsMaximum() {
      assertRefused(
          () ->
              ApiAccess.text(
                  "contains", "a".repeat(QueryLimits.CONTAINS_MAX + 1), QueryLimits.CONTAINS_MAX),
          "contains");
    }

    @Test
    void aSnowflakeOverTwoToTheSixtyFour() {
      assertRefused(() -> ApiAccess.discordId("guildId", "18446744073709551616"), "guildId");
    }

    @Test
    void aPageSizeOutOfRange() {
      assertRefused(() -> ApiAccess.page(0, QueryLimits.MAX_PAGE_SIZE + 1), "size");
    }

    @Test
    void aBadParameterAs400ProblemOnlyAfterTheToken() {
      ResponseEntity<?> unauthorised =
          access.authorised(
              "Bearer \u00e9", () -> ResponseEntity.ok(ApiAccess.discordId("guildId", "x")));
      ResponseEntity<?> refused =
          access.authorised(
              "Bearer " + TOKEN, () -> ResponseEntity.ok(ApiAccess.discordId("guildId", "x")));

      assertThat(unauthorised.getStatusCode().value()).isEqualTo(401);
      assertThat(refused.getStatusCode().value()).isEqualTo(400);
      assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
      assertThat(((org.springframework.http.ProblemDetail) refused.getBody()).getProperties())
          .containsEntry("parameter", "guildId");
    }
  }

  private static void assertRefused(Runnable check, String parameter) {
    assertThatThrownBy(check::run)
        .isInstanceOfSatisfying(
            ApiAccess.BadParameter.class,
            e -> {
              assertThat(e.parameter()).isEqualTo(parameter);
              assertThat(e.getMessage()).startsWith(parameter);
            });
  }
}
