package gg.suggestions.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The console's cookie: only what it issued, with this token, in its lifetime, is accepted. */
class ConsoleSessionTest {

  private static final String TOKEN = "a-console-token-of-enough-length-0123";
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final long SEED = Long.getLong("hostile.seed", System.nanoTime());

  private final ConsoleSession session = at(NOW, TOKEN);

  @Test
  void acceptsItsOwnCookieWithinItsLifetimeOnly() {
    String cookie = session.issue();

    assertThat(session.isValid(cookie)).isTrue();
    assertThat(at(NOW.plus(ConsoleSession.LIFETIME).minusSeconds(1), TOKEN).isValid(cookie))
        .isTrue();
    assertThat(at(NOW.plus(ConsoleSession.LIFETIME).plusSeconds(1), TOKEN).isValid(cookie))
        .isFalse();
    assertThat(at(NOW, "another-token-of-enough-length-456789").isValid(cookie)).isFalse();
  }

  @Test
  void refusesTamperedForgedAndHostileCookies() {
    String cookie = session.issue();
    String issued = cookie.substring(0, cookie.indexOf('.'));
    String later = Long.toString(Long.parseLong(issued) + 3600);

    assertThat(session.isValid(later + cookie.substring(cookie.indexOf('.')))).isFalse();
    assertThat(session.isValid(cookie + "x")).isFalse();
    assertThat(session.isValid(issued + ".")).isFalse();
    assertThat(session.isValid(".")).isFalse();
    assertThat(session.isValid("")).isFalse();
    assertThat(session.isValid(null)).isFalse();
    assertThat(session.isValid("9".repeat(400) + cookie.substring(cookie.indexOf('.')))).isFalse();
    assertThat(session.isValid("-1" + cookie.substring(cookie.indexOf('.')))).isFalse();
    Random random = new Random(SEED);
    for (int i = 0; i < 2_000; i++) {
      char[] chars = new char[random.nextInt(120)];
      for (int c = 0; c < chars.length; c++) {
        chars[c] = (char) random.nextInt(0x3000);
      }
      assertThat(session.isValid(new String(chars))).as("seed " + SEED).isFalse();
    }
  }

  @Test
  void nobodySignsInWithoutAToken() {
    ConsoleSession off = at(NOW, null);

    assertThat(off.isEnabled()).isFalse();
    assertThat(off.isToken("")).isFalse();
    assertThat(off.isToken(null)).isFalse();
    assertThat(off.isValid(session.issue())).isFalse();
    assertThat(session.isToken(TOKEN)).isTrue();
    assertThat(session.isToken(TOKEN + " ")).isTrue();
    assertThat(session.isToken(TOKEN.substring(1))).isFalse();
  }

  @Test
  void sendsASignedInOperatorBackToConsolePagesOnly() {
    assertThat(ConsoleAccess.safeNext("/console/events?type=VoteCast"))
        .isEqualTo("/console/events?type=VoteCast");
    assertThat(ConsoleAccess.safeNext("https://evil.example/console")).isEqualTo("/console");
    assertThat(ConsoleAccess.safeNext("//evil.example/console")).isEqualTo("/console");
    assertThat(ConsoleAccess.safeNext("/console//evil.example")).isEqualTo("/console");
    assertThat(ConsoleAccess.safeNext("/console\\@evil.example")).isEqualTo("/console");
    assertThat(ConsoleAccess.safeNext("/console/login")).isEqualTo("/console");
    assertThat(ConsoleAccess.safeNext("/console/x\r\nSet-Cookie: a=b")).isEqualTo("/console");
    assertThat(ConsoleAccess.safeNext(null)).isEqualTo("/console");
  }

  private static ConsoleSession at(Instant now, String token) {
    return new ConsoleSession(token, Clock.fixed(now, ZoneOffset.UTC));
  }
}
