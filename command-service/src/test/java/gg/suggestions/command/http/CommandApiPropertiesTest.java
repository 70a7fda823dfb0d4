package gg.suggestions.command.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommandApiPropertiesTest {

  private static final String TOKEN = "0123456789abcdef0123456789abcdef";

  @Test
  void aBlankTokenMeansNone() {
    assertThat(new CommandApiProperties("  ", Duration.ofSeconds(10)).token()).isNull();
  }

  @Test
  void refusesToStartWithAShortToken() {
    assertThatThrownBy(() -> new CommandApiProperties("short", Duration.ofSeconds(10)))
        .hasMessageContaining("at least 24 characters (it has 5)");
  }

  @Test
  void neverPrintsTheToken() {
    assertThat(new CommandApiProperties(TOKEN, Duration.ofSeconds(10)).toString())
        .doesNotContain(TOKEN)
        .contains("***");
  }
}
