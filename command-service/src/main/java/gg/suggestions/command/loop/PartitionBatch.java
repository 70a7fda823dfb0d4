package gg.suggestions.command.loop;

import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.engine.AppendBatch;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.retry.RetryLog;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One polled batch of one partition's commands, carried out on a worker thread: begin the
 * partition's transaction, handle every command, send their events and interactions, commit, send
 * the replies, then hand the committed batch to the {@link ReplicaFeed}, which writes the replica
 * behind the command path. Never throws: the {@link Result} tells the loop what to do with the
 * partition, since only the loop's thread may touch the consumer.
 *
 * <p>The consumed offsets are not part of the transaction: adding them costs two more replicated
 * writes (the transaction log and the group's offsets) on every commit. The loop commits them to
 * the group after the transaction. What makes a command take effect once is its id: every decided
 * command leaves an interaction in the same transaction as its events, a new owner catches the
 * handled ids up from the log before it decides anything, and a command whose id was handled is
 * answered with its first reply. A node that dies before its offsets reach the group costs its
 * successor the re-reading of those commands and their requesters a second copy of a reply, no
 * second effect.
 *
 * <p>A batch reads the replica only for what is not in memory, and only after the feed says the
 * replica holds everything committed on the partition and stands where this node left it (see
 * {@link ReplicaFeed#requireCurrent}); a command that needs it while it does not is refused with a
 * "try again", and the batch goes on with the others.
 */
final class PartitionBatch {

  private static final Logger log = LoggerFactory.getLogger(PartitionBatch.class);

  /** How a batch ended, and so what the loop does next with its partition. */
  enum Result {
    /** Committed; its replica write is queued. */
    COMMITTED,
    /** Aborted: rewind to the last committed command and catch up. */
    ABORTED,
    /** The writer is unusable or the commit ambiguous: reopen it, then rewind and catch up. */
    REOPEN,
    /** A newer owner fenced this writer: release the partition. */
    FENCED
  }

  private final CommandHandling handling;
  private final CommandCodec codec;
  private final ReplicaFeed feed;
  private final int maxBatch;
  private final Producer<String, byte[]> replySender;
  private final Resident resident;

  private final CommandMetrics metrics;
  private final CommandTimings timings;

  /** Each partition's failing batches, logged without flooding; used by one worker at a time. */
  private final Map<Integer, RetryLog> retries = new ConcurrentHashMap<>();

  /**
   * @param maxBatch the most commands in one transaction; a longer poll is committed in several
   * @param replySender an idempotent producer, shared by every partition, that sends replies
   * @param resident what the node keeps in memory to decide; forgotten whenever a batch does not
   *     commit cleanly
   */
  PartitionBatch(
      CommandHandling handling,
      CommandCodec codec,
      ReplicaFeed feed,
      int maxBatch,
      Producer<String, byte[]> replySender,
      Resident resident,
      CommandMetrics metrics) {
    this.metrics = metrics;
    this.timings = new CommandTimings(metrics);
    this.replySender = replySender;
    this.resident = resident;
    this.handling = handling;
    this.codec = codec;
    this.feed = feed;
    this.maxBatch = maxBatch;
  }

  /**
   * The most records (events and interactions) one transaction carries before it commits, however
   * few commands wrote them. Commands that each write hundreds of events (an import's) would
   * otherwise fill a transaction that outlasts the transaction timeout: the coordinator aborts it
   * and fences the writer, and the same commands come back as the same transaction, forever.
   */
  static final int MAX_RECORDS = 5_000;

  /**
   * Commits {@code records} in transactions of at most {@code maxBatch} commands and, after the
   * first command, {@link #MAX_RECORDS} records, in order. Stops at the first that does not commit:
   * the commands after it are polled again once the loop has settled the partition.
   */
  Result run(
      PartitionWriter writer,
      TopicPartition partition,
      List<ConsumerRecord<String, byte[]>> records) {
    int from = 0;
    while (from < records.size()) {
      var chunk = records.subList(from, Math.min(records.size(), from + maxBatch));
      Ran ran = runOne(writer, partition, chunk);
      metrics.transaction(ran.result(), ran.commands());
      if (ran.result() != Result.COMMITTED) {
        // The aggregates changed in memory for a transaction the log may never have.
        resident.forget();
        return ran.result();
      }
      from += ran.commands();
    }
    return Result.COMMITTED;
  }

  /** How one transaction ended, and how many of the commands offered it took. */
  private record Ran(Result result, int commands) {}

  private Ran runOne(
      PartitionWriter writer,
      TopicPartition partition,
      List<ConsumerRecord<String, byte[]>> records) {
    RetryLog retry = retries(partition.partition());
    String where = "offset " + records.get(0).offset();
    long start = System.nanoTime();
    try {
      Committed committed = commit(writer, partition, records);
      retry.passed();
      resident.committed(committed.events().pending());
      handling.committed(committed.interactions());
      committed.replies().forEach(this::reply);
      long now = System.currentTimeMillis();
      committed.answers().forEach(a -> metrics.answered(a.type(), a.outcome(), a.sentAt(), now));
      long replicaStart = System.nanoTime();
      feed.committed(
          partition.partition(),
          new ReplicaFeed.Committed(
              committed.events().pending(),
              nextOffset(committed.events().sends()),
              committed.interactions(),
              nextOffset(committed.interactionSends())));
      timings.since(CommandTimings.Step.REPLICA, replicaStart);
      timings.since(CommandTimings.Step.BATCH, start);
      return new Ran(Result.COMMITTED, committed.commands());
    } catch (PartitionFencedException fenced) {
      log.warn("{}", fenced.getMessage());
      return new Ran(Result.FENCED, records.size());
    } catch (TimeoutException ambiguous) {
      // The commit may or may not have happened. A new writer's initTransactions() settles it.
      retry.failed(where + " (may have committed; reopening the writer)", ambiguous);
      return new Ran(Result.REOPEN, records.size());
    } catch (Exception e) {
      retry.failed(where, e);
      return new Ran(abort(writer, partition.partition()), records.size());
    }
  }

  private RetryLog retries(int partition) {
    return retries.computeIfAbsent(
        partition, p -> new RetryLog(log, "Batch of command partition " + p));
  }

  /**
   * Sends a reply once its decision is committed, outside the transaction: it needs no commit
   * marker of its own before its requester can read it. A reply that is lost (a broker down) leaves
   * its requester waiting; its retry is answered from the handled ids.
   */
  private void reply(ProducerRecord<String, byte[]> reply) {
    try {
      replySender.send(
          reply,
          (sent, error) -> {
            if (error != null) {
              log.warn("A reply to {} was not delivered: {}", reply.key(), RetryLog.reason(error));
            }
          });
    } catch (RuntimeException e) {
      log.warn("A reply to {} was not sent: {}", reply.key(), RetryLog.reason(e));
    }
  }

  /** How long each step of the batches took. */
  CommandTimings timings() {
    return timings;
  }

  /** Where and why the batches of {@code partition} keep failing, while they do. */
  Optional<String> stuckOn(int partition) {
    RetryLog retry = retries.get(partition);
    return retry == null ? Optional.empty() : retry.stuckOn();
  }

  /**
   * What one committed transaction wrote, for the replica, and the replies it owes; {@code
   * commands} it took of those offered.
   */
  private record Committed(
      int commands,
      AppendBatch events,
      List<InteractionEnvelope> interactions,
      List<Future<RecordMetadata>> interactionSends,
      List<ProducerRecord<String, byte[]>> replies,
      List<Answer> answers) {}

  /** A command answered by a committed batch, for its latency by type and outcome. */
  private record Answer(String type, String outcome, long sentAt) {}

  private Committed commit(
      PartitionWriter writer,
      TopicPartition partition,
      List<ConsumerRecord<String, byte[]>> records)
      throws Exception {
    long decideStart = System.nanoTime();
    writer.begin();
    AppendBatch batch = new AppendBatch(partition.partition(), writer::send, feed::requireCurrent);
    Map<String, ReplyEnvelope> answered = new HashMap<>();
    List<InteractionEnvelope> interactions = new ArrayList<>();
    List<Future<RecordMetadata>> interactionSends = new ArrayList<>();
    List<ProducerRecord<String, byte[]>> replies = new ArrayList<>();
    List<Answer> answers = new ArrayList<>();
    int taken = 0;
    for (ConsumerRecord<String, byte[]> record : records) {
      if (taken > 0 && batch.pending().size() + interactionSends.size() >= MAX_RECORDS) {
        break; // The rest go in the next transaction.
      }
      taken++;
      var answer = handling.handle(record, batch, answered);
      if (answer.isEmpty()) {
        continue;
      }
      replies.add(
          new ProducerRecord<>(
              SuggestionTopics.REPLIES,
              answer.get().replyTo(),
              codec.encode(answer.get().reply())));
      answers.add(
          new Answer(answer.get().type(), outcomeOf(answer.get().reply()), record.timestamp()));
      InteractionEnvelope interaction = answer.get().interaction();
      if (interaction != null) {
        answered.put(interaction.commandId(), interaction.reply());
        interactions.add(interaction);
        interactionSends.add(writer.send(interactionRecord(partition, interaction)));
      }
      // Imported statistics: records of the log, not commands a retry could name.
      for (InteractionEnvelope imported : answer.get().history()) {
        interactionSends.add(writer.send(interactionRecord(partition, imported)));
      }
    }
    long commitStart = System.nanoTime();
    timings.record(CommandTimings.Step.DECIDE, commitStart - decideStart);
    writer.commit();
    timings.since(CommandTimings.Step.COMMIT, commitStart);
    return new Committed(taken, batch, interactions, interactionSends, replies, answers);
  }

  private ProducerRecord<String, byte[]> interactionRecord(
      TopicPartition partition, InteractionEnvelope interaction) {
    return new ProducerRecord<>(
        SuggestionTopics.INTERACTIONS,
        partition.partition(),
        // Keyed by guild; a member's own commands not by "user:<id>", which is personal
        // (docs/privacy.md): the partition is given, the key only informs.
        interaction.guildId(),
        codec.encode(interaction));
  }

  /** {@code accepted}, or the refusal's error code, as a metric tag. */
  private static String outcomeOf(ReplyEnvelope reply) {
    if (reply.accepted()) {
      return CommandMetrics.ACCEPTED;
    }
    for (ErrorCode code : ErrorCode.values()) {
      if (reply.errorCode() != null && code.number() == reply.errorCode()) {
        return code.name().toLowerCase();
      }
    }
    return "other";
  }

  /**
   * The offset after the last of {@code sends}, all done once the transaction committed; -1 if none
   * (or if the producer did not say, which leaves the replica's checkpoint where it was).
   */
  private static long nextOffset(List<Future<RecordMetadata>> sends) {
    long next = -1;
    for (Future<RecordMetadata> send : sends) {
      try {
        next = Math.max(next, send.get().offset() + 1);
      } catch (Exception e) {
        log.warn("A committed send has no offset: {}", RetryLog.reason(e));
      }
    }
    return next;
  }

  /**
   * The replica of {@code partition} was caught up from the log to these next offsets. Taken from
   * the catch-up, not read back: the database may already have lost the catch-up's own commits.
   */
  void caughtUp(int partition, long events, long interactions) {
    feed.caughtUp(partition, events, interactions);
    resident.forget(); // The log may hold what this node never saw: decide from the replica.
  }

  /** Closes the reply sender, waiting a few seconds for replies still in flight. */
  void close() {
    replySender.close(Duration.ofSeconds(5));
    feed.close();
  }

  /** This node no longer writes {@code partition}; the next owner catches its replica up. */
  void forget(int partition) {
    resident.forget(); // Its next owner changes its aggregates.
    feed.forget(partition);
    retries.remove(partition);
  }

  /** Owned partitions whose replica is behind the log, catching up while commands go on. */
  Set<Integer> replicaBehind() {
    return feed.behind();
  }

  private static Result abort(PartitionWriter writer, int partition) {
    try {
      writer.abort();
      return Result.ABORTED;
    } catch (PartitionFencedException fenced) {
      return Result.FENCED;
    } catch (RuntimeException e) {
      log.warn(
          "Abort of partition {} failed; reopening its writer: {}", partition, RetryLog.reason(e));
      return Result.REOPEN;
    }
  }
}
