package gg.suggestions.command.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AbandonableTest {

  private final ExecutorService pool = Executors.newSingleThreadExecutor();
  private final List<String> discarded = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void workNobodyAbandonsReturnsWhatItMade() throws Exception {
    var task = new Abandonable<>(() -> "writer", discarded::add);
    assertThat(pool.submit(task).get(5, TimeUnit.SECONDS)).isEqualTo("writer");
    assertThat(discarded).isEmpty();
  }

  @Test
  void abandoningBlockedWorkInterruptsItAndTheNextTaskOnTheThreadIsNotInterrupted()
      throws Exception {
    var started = new CountDownLatch(1);
    var task =
        new Abandonable<String>(
            () -> {
              started.countDown();
              new CountDownLatch(1).await(); // A coordinator that never answers.
              return "never";
            },
            discarded::add);
    Future<String> future = pool.submit(task);
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

    task.abandon();

    assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(pool.submit(() -> Thread.currentThread().isInterrupted()).get(5, TimeUnit.SECONDS))
        .as("the pool thread's next task runs uninterrupted")
        .isFalse();
    assertThat(discarded).isEmpty();
  }

  @Test
  void whatIsMadeAfterTheWorkIgnoredItsInterruptIsDiscardedNotReturned() throws Exception {
    var started = new CountDownLatch(1);
    var abandoned = new CountDownLatch(1);
    var task =
        new Abandonable<>(
            () -> {
              started.countDown();
              // Work that does not answer interrupts, finishing after its abandon.
              while (abandoned.getCount() > 0) {
                Thread.onSpinWait();
              }
              return "late writer";
            },
            discarded::add);
    Future<String> future = pool.submit(task);
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

    task.abandon();
    abandoned.countDown();

    assertThat(future.get(5, TimeUnit.SECONDS)).isNull();
    assertThat(discarded).containsExactly("late writer");
  }

  @Test
  void workAbandonedBeforeItStartsNeverRuns() throws Exception {
    var ran = new CountDownLatch(1);
    var task =
        new Abandonable<>(
            () -> {
              ran.countDown();
              return "writer";
            },
            discarded::add);
    task.abandon();
    assertThat(pool.submit(task).get(5, TimeUnit.SECONDS)).isNull();
    assertThat(ran.getCount()).isEqualTo(1);
    assertThat(discarded).isEmpty();
  }
}
