package gg.suggestions.deploy.bench;

import gg.suggestions.command.loop.PartitionWriter;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.engine.AppendBatch;
import gg.suggestions.eventstore.engine.KafkaEventStorageEngine;
import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.replica.ReplicaSchema;
import gg.suggestions.eventstore.replica.ReplicaStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;

/**
 * Appends through {@link KafkaEventStorageEngine} as the command loop does: per partition one
 * fencing writer, per batch one Kafka transaction holding every event after its expected-sequence
 * check against the replica, then the replica write; partitions one after another, or in parallel
 * as the loop runs them.
 */
final class AppendBench {

  /** What one run measured. */
  record Result(long events, double seconds, double engineSeconds, long bytes) {

    double eventsPerSecond() {
      return events / seconds;
    }

    double engineEventsPerSecond() {
      return events / engineSeconds;
    }

    int averageRecordBytes() {
      return (int) (bytes / events);
    }
  }

  private final String bootstrapServers;
  private final DataSource dataSource;
  private final String topic;
  private int runs;

  AppendBench(String bootstrapServers, DataSource dataSource, String topic) {
    this.bootstrapServers = bootstrapServers;
    this.dataSource = dataSource;
    this.topic = topic;
  }

  /**
   * @param events how many events in all, shared evenly by the 12 partitions
   * @param batch events per Kafka transaction
   * @param aggregatesPerPartition how many aggregates the events of a partition are spread over
   * @param parallel whether the partitions run at once, one thread each, as the loop runs them
   */
  Result run(int events, int batch, int aggregatesPerPartition, boolean parallel) throws Exception {
    Serializer serializer = EventSerialization.serializer();
    AxonEnvelopes envelopes = EventSerialization.envelopes(serializer);
    ReplicaStore replica = new ReplicaStore(dataSource, envelopes);
    replica.migrate();
    var engine =
        new KafkaEventStorageEngine(
            ReplicaSchema.jdbcEngine(dataSource, serializer),
            envelopes,
            new EnvelopeCodec(),
            topic);
    String run = "r" + runs++;
    List<PartitionWriter> writers = openWriters();
    AtomicLong bytes = new AtomicLong();
    AtomicLong engineNanos = new AtomicLong();
    ExecutorService threads = Executors.newFixedThreadPool(parallel ? writers.size() : 1);
    long start = System.nanoTime();
    try {
      List<Future<?>> partitions = new ArrayList<>();
      for (PartitionWriter writer : writers) {
        var work =
            new PartitionWork(
                engine, replica, writer, run, aggregatesPerPartition, bytes, engineNanos);
        partitions.add(threads.submit(() -> work.append(events / writers.size(), batch)));
      }
      for (Future<?> partition : partitions) {
        partition.get();
      }
    } finally {
      threads.shutdown();
      writers.forEach(PartitionWriter::close);
    }
    int appended = events / writers.size() * writers.size();
    return new Result(
        appended, seconds(System.nanoTime() - start), seconds(engineNanos.get()), bytes.get());
  }

  /** One partition's share, on one thread with the partition's writer, as in the loop. */
  private record PartitionWork(
      KafkaEventStorageEngine engine,
      ReplicaStore replica,
      PartitionWriter writer,
      String run,
      int aggregates,
      AtomicLong bytes,
      AtomicLong engineNanos) {

    Void append(int events, int batch) throws Exception {
      long[] sequences = new long[aggregates];
      for (int done = 0, round = 0; done < events; done += batch, round++) {
        long engineStart = System.nanoTime();
        writer.begin();
        AppendBatch appends =
            new AppendBatch(
                writer.partition(),
                record -> {
                  bytes.addAndGet(record.value().length);
                  return writer.send(record);
                });
        int size = Math.min(batch, events - done);
        int thisRound = round;
        appends.bound(() -> appendEvents(engine, appends, run, size, sequences, thisRound));
        writer.commit();
        long next = nextOffset(appends.sends());
        engineNanos.addAndGet(System.nanoTime() - engineStart);
        replica.apply(writer.partition(), appends.pending(), next);
      }
      return null;
    }
  }

  private static Void appendEvents(
      KafkaEventStorageEngine engine,
      AppendBatch appends,
      String run,
      int size,
      long[] sequences,
      int round) {
    int partition = appends.partition();
    for (int i = 0; i < size; i++) {
      appends.startCommand("bench-" + run + "-p" + partition + "-" + round + "-" + i);
      int aggregate = (round * size + i) % sequences.length;
      String guild = "bench-" + run + "-p" + partition + "-g" + aggregate;
      long sequence = sequences[aggregate]++;
      engine.appendEvents(List.of(event(guild, sequence)));
    }
    return null;
  }

  private static DomainEventMessage<GuildToggleSet> event(String guild, long sequence) {
    return new GenericDomainEventMessage<>(
        "GuildConfig",
        guild,
        sequence,
        new GuildToggleSet(guild, GuildToggle.DM_MESSAGES, sequence % 2 == 0),
        MetaData.with(KafkaEventStorageEngine.GUILD_ID, guild)
            .and("commandId", "bench")
            .and("actorId", "1")
            .and("locale", "en-GB"));
  }

  private List<PartitionWriter> openWriters() {
    List<PartitionWriter> writers = new ArrayList<>();
    for (int p = 0; p < 12; p++) {
      writers.add(
          PartitionWriter.open(
              p, Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)));
    }
    return writers;
  }

  private static long nextOffset(List<Future<RecordMetadata>> sends) throws Exception {
    long next = -1;
    for (Future<RecordMetadata> send : sends) {
      next = Math.max(next, send.get().offset() + 1);
    }
    return next;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
