package gg.suggestions.command.loop;

import gg.suggestions.eventstore.deadletter.DeadLetter;
import gg.suggestions.eventstore.log.UnreadableRecords;
import gg.suggestions.eventstore.replica.ReplicaStore;
import gg.suggestions.eventstore.retry.RetryLog;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands that are not an envelope at all: counted per partition ({@code
 * suggestions.log.unreadable}) and kept as the replica's dead letters ({@code cmd.dead_letter},
 * listed by {@code suggestionsctl status} with their offsets). Written off the command path, on one
 * background thread with a bounded queue: a flood of garbage or a dead database never slows a
 * command, and a letter that can not be kept is still counted and logged.
 */
final class UnreadableCommands {

  private static final Logger log = LoggerFactory.getLogger(UnreadableCommands.class);

  private final ReplicaStore replica;
  private final ThreadPoolExecutor writer;

  UnreadableCommands(ReplicaStore replica) {
    this.replica = replica;
    this.writer =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(1_000),
            task -> {
              Thread thread = new Thread(task, "unreadable-commands");
              thread.setDaemon(true);
              return thread;
            });
  }

  void record(ConsumerRecord<String, byte[]> record, String error) {
    UnreadableRecords.count(record.topic(), record.partition());
    if (replica == null) {
      return;
    }
    DeadLetter letter = DeadLetter.of(record, "Unreadable command: " + error);
    try {
      writer.execute(() -> keep(letter));
    } catch (RejectedExecutionException full) {
      log.warn(
          "Not keeping unreadable command {}-{} offset {}: too many waiting",
          letter.topic(),
          letter.partition(),
          letter.offset());
    }
  }

  private void keep(DeadLetter letter) {
    try {
      replica.deadLetter(letter);
    } catch (Exception e) {
      log.warn(
          "Could not keep unreadable command {}-{} offset {} as a dead letter: {}",
          letter.topic(),
          letter.partition(),
          letter.offset(),
          RetryLog.reason(e));
    }
  }
}
