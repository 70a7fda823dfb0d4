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
 * check against the replica, then the replica write. Single-threaded, like the loop.
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
   * @param events how many events in all
   * @param batch events per Kafka transaction
   * @param aggregatesPerPartition how many aggregates the events of a partition are spread over
   */
  Result run(int events, int batch, int aggregatesPerPartition) throws Exception {
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
    long[][] sequences = new long[writers.size()][aggregatesPerPartition];
    AtomicLong bytes = new AtomicLong();
    long engineNanos = 0;
    long start = System.nanoTime();
    try {
      for (int done = 0, round = 0; done < events; done += batch, round++) {
        int partition = round % writers.size();
        PartitionWriter writer = writers.get(partition);
        long engineStart = System.nanoTime();
        writer.begin();
        AppendBatch appends =
            new AppendBatch(
                partition,
                record -> {
                  bytes.addAndGet(record.value().length);
                  return writer.send(record);
                });
        int size = Math.min(batch, events - done);
        int thisRound = round;
        appends.bound(() -> appendEvents(engine, appends, run, size, sequences, thisRound));
        writer.commit();
        long next = nextOffset(appends.sends());
        engineNanos += System.nanoTime() - engineStart;
        replica.apply(partition, appends.pending(), next);
      }
    } finally {
      writers.forEach(PartitionWriter::close);
    }
    return new Result(
        events, seconds(System.nanoTime() - start), seconds(engineNanos), bytes.get());
  }

  private static Void appendEvents(
      KafkaEventStorageEngine engine,
      AppendBatch appends,
      String run,
      int size,
      long[][] sequences,
      int round) {
    int partition = appends.partition();
    for (int i = 0; i < size; i++) {
      appends.startCommand("bench-" + run + "-" + round + "-" + i);
      int aggregate = (round * size + i) % sequences[partition].length;
      String guild = "bench-" + run + "-p" + partition + "-g" + aggregate;
      long sequence = sequences[partition][aggregate]++;
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
