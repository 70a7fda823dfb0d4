package gg.suggestions.eventstore.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BearerTokenTest {

  private static final String TOKEN = "0123456789abcdef0123456789abcdef";

  @Test
  void authorisesTheConfiguredTokenWhateverTheSchemeCase() {
    var token = new BearerToken(TOKEN);

    assertThat(token.authorises("Bearer " + TOKEN)).isTrue();
    assertThat(token.authorises("bearer " + TOKEN)).isTrue();
  }

  @Test
  void refusesAnyOtherHeader() {
    var token = new BearerToken(TOKEN);

    assertThat(token.authorises(null)).isFalse();
    assertThat(token.authorises(TOKEN)).isFalse();
    assertThat(token.authorises("Basic " + TOKEN)).isFalse();
    assertThat(token.authorises("Bearer " + TOKEN + "0")).isFalse();
    assertThat(token.authorises("Bearer " + TOKEN.substring(1))).isFalse();
  }

  @Test
  void authorisesNothingWhenNoTokenIsConfigured() {
    var token = new BearerToken(null);

    assertThat(token.isConfigured()).isFalse();
    assertThat(token.authorises("Bearer ")).isFalse();
    assertThat(token.authorises("Bearer null")).isFalse();
  }

  @Test
  void aBlankConfiguredTokenMeansNone() {
    assertThat(BearerToken.checked("  ")).isNull();
  }

  @Test
  void refusesAShortTokenWithoutShowingIt() {
    assertThatThrownBy(() -> BearerToken.checked("short"))
        .hasMessageContaining("at least 24 characters (it has 5)")
        .message()
        .doesNotContain("short");
  }
}
