package gg.suggestions.deploy.bench;

import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.query.ProjectionCatalog;
import gg.suggestions.query.projection.ProjectionProcessor;
import gg.suggestions.query.projection.ShadowRebuild;
import gg.suggestions.query.projection.guildconfig.GuildConfigProjection;
import gg.suggestions.query.projection.queue.QueueProjection;
import gg.suggestions.query.projection.store.JdbcStore;
import gg.suggestions.query.projection.suggestions.SuggestionsProjection;
import gg.suggestions.query.projection.userconfig.UserConfigProjection;
import gg.suggestions.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.monitoring.NoOpMessageMonitorCallback;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The read path's benchmark, on the three-broker local cluster: seeds the event log with a
 * realistic mix (mostly votes), then times the raw consumer read of it, a full shadow rebuild of
 * every projection of the event topic, and the stock Axon path (a tracking processor over Axon's
 * own JDBC event store replaying the same events into the same projections). Writes {@code
 * target/bench/read-path.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadPathBench {

  private static final Path DIR = Path.of("target", "bench");
  private static final long EVENTS = Long.getLong("bench.readEvents", 2_000_000);
  private static final long AXON_EVENTS = Long.getLong("bench.axonEvents", EVENTS);
  private static final int GUILDS = Integer.getInteger("bench.guilds", 1_000);

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static BenchCluster cluster;
  private static final List<String> report = new ArrayList<>();
  private static final Map<String, Object> results = new HashMap<>();
  private static final List<GenericDomainEventMessage<?>> firstEvents = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = BenchCluster.start(DIR);
    report.add("# Read path benchmark, " + Instant.now());
    report.add("");
    report.add("Machine: " + WritePathBench.machine());
    report.add(
        "Cluster: 3 brokers (separate JVMs, 256 MB heap each), RF 3, min.insync.replicas 2,");
    report.add("all on this one host; PostgreSQL 17 (embedded) on the same host.");
    report.add("");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
    Files.createDirectories(DIR);
    Files.write(DIR.resolve("read-path.md"), report);
    BenchSummary.write(DIR, "read-path", BenchSummary.tables(report));
    System.out.println(String.join(System.lineSeparator(), report));
  }

  @Test
  @Order(1)
  void seedsTheLog() throws Exception {
    AxonEnvelopes envelopes = EventSerialization.envelopes(EventSerialization.serializer());
    EnvelopeCodec codec = new EnvelopeCodec();
    Map<String, Long> types = new HashMap<>();
    long began = System.nanoTime();
    try (var producer = cluster.seedingProducer()) {
      new EventMix(42, GUILDS)
          .emit(
              EVENTS,
              event -> {
                var message =
                    new GenericDomainEventMessage<>(
                        event.aggregateType(),
                        event.aggregateId(),
                        event.sequence(),
                        event.payload());
                if (firstEvents.size() < AXON_EVENTS) {
                  firstEvents.add(message);
                }
                types.merge(event.payload().getClass().getSimpleName(), 1L, Long::sum);
                var envelope = envelopes.toEnvelope(message, event.guildId());
                producer.send(
                    new ProducerRecord<>(
                        SuggestionTopics.EVENTS,
                        event.guildId() != null ? event.guildId() : event.aggregateId(),
                        codec.encode(envelope)));
              });
      producer.flush();
    }
    long total = types.values().stream().mapToLong(Long::longValue).sum();
    results.put("events", total);
    report.add("## The log");
    report.add("");
    report.add(
        String.format(
            "%,d events over %,d guilds, seeded in %.0f s (envelope encoding included). Mix:",
            total, GUILDS, seconds(began)));
    report.add("");
    types.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e ->
                report.add(
                    String.format(
                        "- %s: %,d (%.1f %%)",
                        e.getKey(), e.getValue(), 100.0 * e.getValue() / total)));
    report.add("");
  }

  @Test
  @Order(2)
  void readsTheLogWithAPlainConsumer() {
    BenchCluster.RawRead read = cluster.readAll(SuggestionTopics.EVENTS);
    long records = read.records();
    long bytes = read.bytes();
    double s = read.seconds();
    results.put("raw", s);
    report.add("## Results");
    report.add("");
    report.add("| path | events | seconds | events/s |");
    report.add("|---|---:|---:|---:|");
    report.add(
        String.format(
            "| raw `read_committed` consumer, no decoding (%,d MB) | %,d | %.1f | %,.0f |",
            bytes / (1 << 20), records, s, records / s));
  }

  @Test
  @Order(3)
  void rebuildsEveryProjectionInTheShadow() throws Exception {
    var rebuild =
        new ShadowRebuild(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
            postgres.dataSource(),
            (name, span, position, events, elapsed) -> {});
    var targets =
        ProjectionCatalog.ALL.stream()
            .filter(e -> e.topic().equals(SuggestionTopics.EVENTS))
            .map(ProjectionCatalog.Entry::target)
            .toList();
    long began = System.nanoTime();
    var built = rebuild.build(targets, Map.of());
    for (var result : built) {
      rebuild.swap(result.name());
    }
    double s = seconds(began);
    long events = built.get(0).events();
    results.put("shadow", s);
    report.add(
        String.format(
            "| shadow rebuild of %s: one read, fold, COPY, token, swap (read and fold %.1f s; load %s) | %,d | %.1f | %,.0f |",
            String.join(", ", targets.stream().map(ShadowRebuild.Target::name).toList()),
            built.get(0).read().toMillis() / 1000.0,
            String.join(
                ", ",
                built.stream()
                    .map(r -> String.format("%s %.1f s", r.name(), r.load().toMillis() / 1000.0))
                    .toList()),
            events,
            s,
            events / s));
  }

  @Test
  @Order(4)
  void replaysTheSameEventsThroughStockAxon() throws Exception {
    var transactions = new DataSourceTransactionManager(postgres.dataSource());
    JdbcTemplate jdbc = new JdbcTemplate(postgres.dataSource());
    var engine =
        JdbcEventStorageEngine.builder()
            .connectionProvider(new DataSourceConnectionProvider(postgres.dataSource()))
            .transactionManager(NoTransactionManager.INSTANCE)
            .eventSerializer(EventSerialization.serializer())
            .snapshotSerializer(EventSerialization.serializer())
            .build();
    engine.createSchema(PostgresEventTableFactory.INSTANCE);
    long loadBegan = System.nanoTime();
    for (int i = 0; i < firstEvents.size(); i += 1_000) {
      engine.appendEvents(firstEvents.subList(i, Math.min(firstEvents.size(), i + 1_000)));
    }
    double load = seconds(loadBegan);
    for (var name :
        List.of(
            SuggestionsProjection.NAME,
            GuildConfigProjection.NAME,
            UserConfigProjection.NAME,
            QueueProjection.NAME)) {
      jdbc.execute("DROP SCHEMA IF EXISTS " + ProjectionProcessor.schemaOf(name) + " CASCADE");
      ProjectionProcessor.migrate(postgres.dataSource(), name);
    }
    var store = EmbeddedEventStore.builder().storageEngine(engine).build();
    AtomicLong handled = new AtomicLong();
    var invoker =
        SimpleEventHandlerInvoker.builder()
            .eventHandlers(
                new SuggestionsProjection(JdbcStore.live(jdbc, SuggestionsProjection.NAME)),
                new GuildConfigProjection(JdbcStore.live(jdbc, GuildConfigProjection.NAME)),
                new UserConfigProjection(JdbcStore.live(jdbc, UserConfigProjection.NAME)),
                new QueueProjection(JdbcStore.live(jdbc, QueueProjection.NAME)))
            .build();
    var processor =
        TrackingEventProcessor.builder()
            .name("stock")
            .eventHandlerInvoker(invoker)
            .messageSource(store)
            .tokenStore(new InMemoryTokenStore())
            .transactionManager(new SpringTransactionManager(transactions))
            // Every event read counts, also those no handler takes (Axon skips them).
            .messageMonitor(
                message -> {
                  handled.incrementAndGet();
                  return NoOpMessageMonitorCallback.INSTANCE;
                })
            .trackingEventProcessorConfiguration(
                TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(100))
            .build();

    long began = System.nanoTime();
    processor.start();
    while (handled.get() < firstEvents.size()) {
      Thread.sleep(200);
    }
    processor.shutDown();
    double s = seconds(began);
    double rate = firstEvents.size() / s;
    double full = (long) results.get("events") / rate;
    report.add(
        String.format(
            "| stock Axon: TrackingEventProcessor (batch 100) over JdbcEventStorageEngine, same"
                + " handlers%s | %,d | %.1f | %,.0f |",
            firstEvents.size() < (long) results.get("events")
                ? String.format(
                    " (%,d events timed; %.0f s extrapolated for all)", firstEvents.size(), full)
                : "",
            firstEvents.size(),
            s,
            rate));
    report.add("");
    double shadow = (double) results.get("shadow");
    report.add(
        String.format(
            "Shadow rebuild against stock Axon: %.1f× faster; against the raw read: %.2f of its rate.",
            full / shadow, (double) results.get("raw") / shadow));
    report.add(
        String.format(
            "Loading the stock store (not timed above): %,d events in %.0f s.",
            firstEvents.size(), load));
    store.shutDown();
  }

  private static double seconds(long began) {
    return (System.nanoTime() - began) / 1e9;
  }
}
