package gg.suggestions.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TestPostgres;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.mirror.MirrorMaker;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restore drill: the primary cluster takes writes while MirrorMaker 2, run with the shipped
 * {@code deploy/mirror/mm2.properties}, copies the log to a backup cluster; the primary is stopped
 * with writes in flight (the site is lost); projections built from the copy alone equal the
 * primary's built from the same events, and what the copy lacks (the recovery point) is measured.
 * Each partition of the copy holds the primary's committed records in the same order, with the same
 * keys, and no aborted record.
 */
class RestoreDrillIT {

  private static final Logger log = LoggerFactory.getLogger(RestoreDrillIT.class);

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final List<String> MIRRORED =
      List.of(SuggestionTopics.EVENTS, SuggestionTopics.INTERACTIONS, SuggestionTopics.KEYS);
  private static final int GUILDS = 40;

  private static KafkaTestCluster primary;
  private static KafkaTestCluster backup;

  private final EnvelopeCodec codec = new EnvelopeCodec();
  private final AxonEnvelopes envelopes =
      EventSerialization.envelopes(EventSerialization.serializer());
  private final CommandCodec commands = new CommandCodec(EnvelopeCodec.defaultMapper());
  private final Map<String, Long> sequences = new HashMap<>();

  @AfterAll
  static void stop() {
    for (KafkaTestCluster cluster : new KafkaTestCluster[] {primary, backup}) {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Test
  void theCopyRebuildsWhatThePrimaryHeldUpToWhatWasMirrored() throws Exception {
    primary = KafkaTestCluster.start(1).withTopics();
    backup = KafkaTestCluster.start(1);
    MirrorMaker mirror = new MirrorMaker(mirrorConfig(), List.of("backup"));
    mirror.start();
    boolean mirrorRunning = true;
    try (var writer = producer(null)) {
      writeAbortedTransaction();
      // A first batch, copied whole: the mirror runs and copies committed records only.
      for (int i = 0; i < 400; i++) {
        writeStep(writer, i);
      }
      writer.flush();
      Map<String, Map<Integer, Long>> written = committedCounts(primary);
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> committedCounts(backup).equals(written));
      assertThat(topicConfig(backup, SuggestionTopics.KEYS, "cleanup.policy"))
          .isEqualTo(topicConfig(primary, SuggestionTopics.KEYS, "cleanup.policy"));

      // Writes keep coming while the primary is lost.
      AtomicBoolean writing = new AtomicBoolean(true);
      Thread load =
          new Thread(
              () -> {
                for (int i = 400; writing.get(); i++) {
                  try {
                    writeStep(writer, i);
                  } catch (RuntimeException e) {
                    return; // The primary is gone.
                  }
                }
              },
              "drill-load");
      load.start();
      await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
      // The mirror's lag, as its metrics report it to an operator (JMX, per copied partition).
      Map<String, Double> latency = replicationLatencyMax();
      log.info("Restore drill: the mirror's replication-latency-ms-max per partition {}", latency);
      assertThat(latency).isNotEmpty();
      assertTheExporterRulesMatchTheMirrorsBeans();
      primary.stopBroker(primary.brokerIds().iterator().next());
      mirror.stop();
      mirrorRunning = false;
      writing.set(false);
      writer.close(Duration.ZERO);
      load.join(Duration.ofSeconds(30).toMillis());
    } finally {
      if (mirrorRunning) {
        mirror.stop();
      }
    }

    // What the copy holds, then what the primary held (its site recovered for the comparison).
    Map<String, Map<Integer, List<ConsumerRecord<String, byte[]>>>> copied = records(backup);
    primary.startBroker(primary.brokerIds().iterator().next());
    Map<String, Map<Integer, List<ConsumerRecord<String, byte[]>>>> held = records(primary);
    long heldEvents = count(held.get(SuggestionTopics.EVENTS));
    long copiedEvents = count(copied.get(SuggestionTopics.EVENTS));
    Map<String, Map<Integer, Long>> until = new LinkedHashMap<>();
    for (String topic : MIRRORED) {
      until.put(topic, new HashMap<>());
      held.get(topic)
          .forEach(
              (partition, records) -> {
                List<ConsumerRecord<String, byte[]>> copy =
                    copied.get(topic).getOrDefault(partition, List.of());
                assertThat(copy.size()).isLessThanOrEqualTo(records.size());
                for (int i = 0; i < copy.size(); i++) {
                  assertThat(copy.get(i).key()).isEqualTo(records.get(i).key());
                  assertThat(copy.get(i).value()).isEqualTo(records.get(i).value());
                }
                until
                    .get(topic)
                    .put(partition, copy.isEmpty() ? 0 : records.get(copy.size() - 1).offset() + 1);
              });
    }
    log.info(
        "Restore drill: the primary held {} events, the copy {}: {} events not yet mirrored at the"
            + " stop (interactions {} of {})",
        heldEvents,
        copiedEvents,
        heldEvents - copiedEvents,
        count(copied.get(SuggestionTopics.INTERACTIONS)),
        count(held.get(SuggestionTopics.INTERACTIONS)));
    assertThat(copiedEvents).isGreaterThanOrEqualTo(400).isLessThanOrEqualTo(heldEvents);

    Map<String, Map<String, String>> fromCopy = rebuild(backup, Map.of());
    Map<String, Map<String, String>> fromPrimary = rebuild(primary, until);
    log.info("Restore drill checksums, copy: {}", fromCopy);
    assertThat(fromCopy.get("suggestions").get("suggestion")).startsWith(GUILDS + " rows");
    assertThat(fromCopy).isEqualTo(fromPrimary);
  }

  /**
   * {@code replication-latency-ms-max} of every partition the mirror copies, by topic-partition.
   */
  private static Map<String, Double> replicationLatencyMax() throws Exception {
    var server = ManagementFactory.getPlatformMBeanServer();
    Map<String, Double> latency = new TreeMap<>();
    for (ObjectName name :
        server.queryNames(
            new ObjectName("kafka.connect.mirror:type=MirrorSourceConnector,*"), null)) {
      Object value = server.getAttribute(name, "replication-latency-ms-max");
      if (value instanceof Double max && !max.isNaN()) {
        latency.put(name.getKeyProperty("topic") + "-" + name.getKeyProperty("partition"), max);
      }
    }
    return latency;
  }

  /**
   * Every rule of the shipped {@code deploy/mirror/jmx-exporter.yml} matches a bean of the running
   * mirror, in the form the exporter matches against ({@code domain<k=v, k=v><>attribute}).
   */
  private static void assertTheExporterRulesMatchTheMirrorsBeans() throws Exception {
    var server = ManagementFactory.getPlatformMBeanServer();
    List<String> beans = new ArrayList<>();
    for (ObjectName name : server.queryNames(null, null)) {
      for (var attribute : server.getMBeanInfo(name).getAttributes()) {
        beans.add(
            name.getDomain()
                + "<"
                + name.getKeyPropertyListString().replace(",", ", ")
                + "><>"
                + attribute.getName());
      }
    }
    Matcher rules =
        Pattern.compile("(?m)^\\s*- pattern: '(.+)'$")
            .matcher(Files.readString(Path.of("..", "deploy", "mirror", "jmx-exporter.yml")));
    int checked = 0;
    while (rules.find()) {
      Pattern rule = Pattern.compile(rules.group(1));
      assertThat(beans).as(rule.pattern()).anyMatch(bean -> rule.matcher(bean).matches());
      checked++;
    }
    assertThat(checked).isEqualTo(2);
  }

  /** The shipped configuration, pointed at the two test clusters of one broker each. */
  private static Map<String, String> mirrorConfig() throws Exception {
    Properties shipped = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of("..", "deploy", "mirror", "mm2.properties"))) {
      shipped.load(in);
    }
    Map<String, String> config = new HashMap<>();
    shipped.stringPropertyNames().forEach(name -> config.put(name, shipped.getProperty(name)));
    config.put("primary.bootstrap.servers", primary.bootstrapServers());
    config.put("backup.bootstrap.servers", backup.bootstrapServers());
    config.replaceAll((name, value) -> name.endsWith("replication.factor") ? "1" : value);
    config.put("refresh.topics.interval.seconds", "5");
    return config;
  }

  private void writeAbortedTransaction() {
    try (var transactional = producer("drill-aborted")) {
      transactional.initTransactions();
      transactional.beginTransaction();
      String guild = guild(0);
      transactional.send(
          new ProducerRecord<>(
              SuggestionTopics.EVENTS,
              guild,
              event(
                  guild,
                  "GuildConfig",
                  guild,
                  new GuildToggleSet(guild, GuildToggle.KEEP_LOGS, false))));
      transactional.flush();
      transactional.abortTransaction();
    }
  }

  /** One step of the load: a guild's suggestion, a vote on it, or a setting, and an interaction. */
  private void writeStep(KafkaProducer<String, byte[]> writer, int step) {
    String guild = guild(step % GUILDS);
    String suggestion = SuggestionKey.of(guild, "s1");
    byte[] event =
        step < GUILDS
            ? event(
                guild,
                "Suggestion",
                suggestion,
                new SuggestionSubmitted(guild, "s1", "10", "Idea", null, false))
            : step % 7 == 0
                ? event(
                    guild,
                    "GuildConfig",
                    guild,
                    new GuildToggleSet(guild, GuildToggle.KEEP_LOGS, step % 2 == 0))
                : event(
                    guild,
                    "Suggestion",
                    suggestion,
                    new VoteCast(
                        guild,
                        "s1",
                        Long.toString(900_000_000_000_000_000L + step),
                        VoteDirection.UP));
    writer.send(new ProducerRecord<>(SuggestionTopics.EVENTS, guild, event));
    writer.send(
        new ProducerRecord<>(
            SuggestionTopics.INTERACTIONS,
            guild,
            commands.encode(
                new InteractionEnvelope(
                    InteractionEnvelope.SCHEMA,
                    "command-" + step,
                    "VoteOnSuggestion",
                    guild,
                    "11",
                    "da",
                    "en-GB",
                    "accepted",
                    12,
                    Instant.parse("2026-06-01T09:00:00Z").plusSeconds(step),
                    null))));
  }

  private byte[] event(String guild, String aggregateType, String aggregateId, Object payload) {
    long sequence = sequences.merge(aggregateId, 1L, Long::sum) - 1;
    return codec.encode(
        envelopes.toEnvelope(
            new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence, payload), guild));
  }

  private static String guild(int index) {
    return Long.toString(601219766258106399L + index);
  }

  private static KafkaProducer<String, byte[]> producer(String transactionalId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, primary.bootstrapServers());
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
    if (transactionalId != null) {
      config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /** Every committed record of the mirrored topics, by topic and partition, in log order. */
  private static Map<String, Map<Integer, List<ConsumerRecord<String, byte[]>>>> records(
      KafkaTestCluster cluster) {
    Map<String, Map<Integer, List<ConsumerRecord<String, byte[]>>>> all = new LinkedHashMap<>();
    try (var consumer = consumer(cluster)) {
      for (String topic : MIRRORED) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<Integer, List<ConsumerRecord<String, byte[]>>> byPartition = new HashMap<>();
        partitions.forEach(p -> byPartition.put(p.partition(), new ArrayList<>()));
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
          for (var record : consumer.poll(Duration.ofMillis(200))) {
            byPartition.get(record.partition()).add(record);
          }
        }
        all.put(topic, byPartition);
      }
    }
    return all;
  }

  private static Map<String, Map<Integer, Long>> committedCounts(KafkaTestCluster cluster) {
    Map<String, Map<Integer, Long>> counts = new LinkedHashMap<>();
    try {
      records(cluster)
          .forEach(
              (topic, partitions) ->
                  counts.put(
                      topic,
                      partitions.entrySet().stream()
                          .collect(
                              Collectors.toMap(
                                  Map.Entry::getKey, e -> (long) e.getValue().size()))));
    } catch (RuntimeException notYetThere) {
      return Map.of(); // The copy's topics are made by the mirror once it runs.
    }
    return counts;
  }

  private static long count(Map<Integer, List<ConsumerRecord<String, byte[]>>> partitions) {
    return partitions.values().stream().mapToLong(List::size).sum();
  }

  private static KafkaConsumer<String, byte[]> consumer(KafkaTestCluster cluster) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            cluster.bootstrapServers(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  private static String topicConfig(KafkaTestCluster cluster, String topic, String name)
      throws Exception {
    try (Admin admin = cluster.admin()) {
      var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      ConfigEntry entry =
          admin.describeConfigs(List.of(resource)).all().get().get(resource).get(name);
      return entry == null ? null : entry.value();
    }
  }

  /**
   * Every projection built from {@code cluster}'s log, each topic's partitions ending at {@code
   * until} where given: each table's checksum by projection.
   */
  private static Map<String, Map<String, String>> rebuild(
      KafkaTestCluster cluster, Map<String, Map<Integer, Long>> until) throws Exception {
    var rebuild =
        new ShadowRebuild(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
            postgres.dataSource(),
            (name, span, position, events, elapsed) -> {},
            2);
    return RebuiltChecksums.of(rebuild, postgres.dataSource(), until);
  }
}
