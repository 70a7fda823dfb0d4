package gg.suggestions.command.loop;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Work on a worker thread that the command loop may give up on: abandoning it interrupts the work
 * (a Kafka client blocked on a cut-off broker throws at once), and whatever it made anyway is
 * discarded, never returned. The task's own future completes only when the work has ended, so the
 * loop can wait for an abandoned task before it starts the same work again.
 *
 * @param <T> what the work makes, e.g. a writer that must be closed if nobody takes it
 */
final class Abandonable<T> implements Callable<T> {

  private final Callable<T> work;
  private final Consumer<T> discard;
  private Thread runner;
  private boolean abandoned;

  Abandonable(Callable<T> work, Consumer<T> discard) {
    this.work = work;
    this.discard = discard;
  }

  /**
   * Runs the work unless abandoned; returns what it made, or {@code null} if abandoned meanwhile
   * (what it made is then discarded).
   */
  @Override
  public T call() throws Exception {
    synchronized (this) {
      if (abandoned) {
        return null;
      }
      runner = Thread.currentThread();
    }
    T made;
    try {
      made = work.call();
    } finally {
      synchronized (this) {
        runner = null;
      }
      Thread.interrupted(); // An abandon's interrupt must not reach the pool thread's next task.
    }
    synchronized (this) {
      if (!abandoned) {
        return made;
      }
    }
    if (made != null) {
      discard.accept(made);
    }
    return null;
  }

  /** Interrupts the work if it runs, and discards what it makes; safe from any thread. */
  synchronized void abandon() {
    abandoned = true;
    if (runner != null) {
      runner.interrupt();
    }
  }
}
