package gg.suggestions.deploy.bench;

import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.topic.Durability;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.eventstore.topic.TopicProvisioner;
import gg.suggestions.eventstore.topic.TopicSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;

/**
 * The three-broker local cluster ({@code deploy/local-cluster}) the benchmarks run on: one OS
 * process per broker, replication factor 3, {@code min.insync.replicas=2}. Started afresh under
 * {@code target/bench/cluster} and stopped at the end, unless {@code BENCH_BOOTSTRAP_SERVERS} names
 * a cluster that is already running.
 */
public final class BenchCluster implements AutoCloseable {

  static final String LOCAL_BOOTSTRAP = "127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094";

  private final String bootstrapServers;
  private final Path dir;

  private BenchCluster(String bootstrapServers, Path dir) {
    this.bootstrapServers = bootstrapServers;
    this.dir = dir;
  }

  public static BenchCluster start(Path benchDir) throws Exception {
    String external = System.getenv("BENCH_BOOTSTRAP_SERVERS");
    if (external != null && !external.isBlank()) {
      return new BenchCluster(external, null);
    }
    for (String address : LOCAL_BOOTSTRAP.split(",")) {
      if (answers(address)) {
        // The start script would take another run's brokers on these ports for its own.
        throw new IllegalStateException(
            "A broker already listens on " + address + ": another benchmark is running");
      }
    }
    Path dir = benchDir.resolve("cluster").toAbsolutePath();
    deleteRecursively(dir);
    BenchCluster cluster = new BenchCluster(LOCAL_BOOTSTRAP, dir);
    try {
      script("start", dir);
      for (int n = 1; n <= 3; n++) {
        if (ProcessHandle.of(cluster.brokerPid(n)).filter(ProcessHandle::isAlive).isEmpty()) {
          throw new IllegalStateException("Broker " + n + " exited at start; see its broker.log");
        }
      }
    } catch (RuntimeException | IOException e) {
      script("stop", dir); // Nodes that did start must not outlive the run.
      throw e;
    }
    return cluster;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Where the nodes keep their data, logs and pid files; {@code null} for an external cluster. */
  public Path dir() {
    return dir;
  }

  /** The OS process id of broker {@code node} (1 to 3) of a cluster this run started. */
  public long brokerPid(int node) throws IOException {
    return Long.parseLong(Files.readString(dir.resolve("node-" + node).resolve("pid")).strip());
  }

  private static boolean answers(String address) {
    String[] hostAndPort = address.split(":");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(hostAndPort[0], Integer.parseInt(hostAndPort[1])), 500);
      return true;
    } catch (IOException nobody) {
      return false;
    }
  }

  /**
   * A producer for seeding the log: acks=all, batched and compressed, since nobody waits on one.
   */
  KafkaProducer<String, byte[]> seedingProducer() {
    return new KafkaProducer<>(
        Map.<String, Object>of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            ProducerConfig.BATCH_SIZE_CONFIG,
            262_144,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4"),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  /** Starts every node that is not running and waits until all three brokers are up. */
  public void startStopped() throws IOException, InterruptedException {
    script("start", dir);
  }

  /** Creates a topic shaped like the event log (12 partitions, RF 3, min ISR 2). */
  void createEventLikeTopic(String name) throws Exception {
    TopicSpec events =
        SuggestionTopics.all().stream()
            .filter(t -> t.name().equals(SuggestionTopics.EVENTS))
            .findFirst()
            .orElseThrow();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      new TopicProvisioner(admin, Durability.PRODUCTION, Duration.ofSeconds(30))
          .provision(List.of(new TopicSpec(name, events.partitions(), events.configs())));
    }
  }

  @Override
  public void close() throws Exception {
    if (dir != null) {
      script("stop", dir);
    }
  }

  private static void script(String name, Path dir) throws IOException, InterruptedException {
    var builder = new ProcessBuilder("bash", Path.of("local-cluster", name).toString()).inheritIO();
    builder.environment().put("SUGGESTIONS_LOCAL_CLUSTER_DIR", dir.toString());
    int exit = builder.start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("local-cluster/" + name + " exited with " + exit);
    }
  }

  /**
   * Appends {@code count} events of {@code mix} to the event topic as the storage engine writes
   * them (envelope, headers, keyed by guild), telling {@code seen} of each; waits for them all.
   */
  void seed(EventMix mix, long count, Consumer<EventMix.Event> seen) {
    AxonEnvelopes envelopes = EventSerialization.envelopes(EventSerialization.serializer());
    EnvelopeCodec codec = new EnvelopeCodec();
    AtomicReference<Exception> failed = new AtomicReference<>();
    AtomicLong failures = new AtomicLong();
    try (var producer = seedingProducer()) {
      mix.emit(
          count,
          event -> {
            var envelope =
                envelopes.toEnvelope(
                    new GenericDomainEventMessage<>(
                        event.aggregateType(),
                        event.aggregateId(),
                        event.sequence(),
                        event.payload()),
                    event.guildId());
            String key = event.guildId() != null ? event.guildId() : event.aggregateId();
            var record = new ProducerRecord<>(SuggestionTopics.EVENTS, key, codec.encode(envelope));
            codec.writeHeaders(envelope, record.headers());
            producer.send(
                record,
                (metadata, e) -> {
                  if (e != null) {
                    failures.incrementAndGet();
                    failed.compareAndSet(null, e);
                  }
                });
            seen.accept(event);
          });
      producer.flush();
    }
    if (failed.get() != null) {
      // A lost record would be counted as seeded: every figure after it would be wrong.
      throw new IllegalStateException(
          failures.get() + " events were not written; the first failure: " + failed.get(),
          failed.get());
    }
  }

  /** What reading a whole topic with a plain consumer took. */
  record RawRead(long records, long bytes, double seconds) {}

  /**
   * Reads all of {@code topic} with a plain {@code read_committed} consumer, decoding nothing: the
   * rate the rebuild is measured against.
   */
  RawRead readAll(String topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    long began = System.nanoTime();
    long records = 0;
    long bytes = 0;
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      var partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          records++;
          bytes += record.value().length;
        }
      }
    }
    return new RawRead(records, bytes, (System.nanoTime() - began) / 1e9);
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
