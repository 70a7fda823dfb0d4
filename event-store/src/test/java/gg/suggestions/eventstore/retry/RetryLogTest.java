package gg.suggestions.eventstore.retry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RetryLogTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(RetryLogTest.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final RetryLog retries = new RetryLog(logger, "Batch of partition 3");

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @Test
  void logsTheStackTraceOnceThenOneLineAtPowersOfTwo() {
    IntStream.range(0, 100).forEach(i -> retries.failed("offset 7", new IOException("down")));

    assertThat(lines.list).hasSize(7); // attempts 1, 2, 4, 8, 16, 32, 64
    assertThat(lines.list.get(0).getThrowableProxy()).isNotNull();
    assertThat(lines.list.subList(1, 7)).allMatch(line -> line.getThrowableProxy() == null);
    assertThat(lines.list.get(6).getFormattedMessage())
        .isEqualTo(
            "Batch of partition 3 still failing at offset 7 after 64 attempts:"
                + " java.io.IOException: down");
  }

  @Test
  void saysWhereItIsStuckUntilItRecovers() {
    retries.failed("offset 7", new IOException("down"));
    retries.failed("offset 7", new IOException("down"));

    assertThat(retries.stuckOn()).contains("offset 7: java.io.IOException: down");
    retries.passed();

    assertThat(retries.stuckOn()).isEmpty();
    assertThat(lines.list.get(lines.list.size() - 1).getFormattedMessage())
        .isEqualTo("Batch of partition 3 recovered at offset 7 after 2 failed attempts");
  }

  @Test
  void aFailureAtAnotherPlaceStartsOverWithItsStackTrace() {
    retries.failed("offset 7", new IOException("down"));
    retries.failed("offset 9", new IOException("down"));

    assertThat(retries.attempts()).isOne();
    assertThat(lines.list).hasSize(2).allMatch(line -> line.getThrowableProxy() != null);
  }

  @Test
  void passingWithoutFailureLogsNothing() {
    retries.passed();

    assertThat(lines.list).isEmpty();
  }

  @Test
  void reasonsAreOneShortPrintableLine() {
    String reason =
        RetryLog.reason(new IllegalStateException("a\nb\u0000c\u001b[31m" + "x".repeat(999)));

    assertThat(reason).doesNotContain("\n", "\u0000", "\u001b").contains("\\u000a", "\\u001b");
    assertThat(reason.length()).isLessThan(RetryLog.MAX_REASON + 40);
  }
}
