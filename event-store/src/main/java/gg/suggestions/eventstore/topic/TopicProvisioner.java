package gg.suggestions.eventstore.topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics that are missing and verifies the ones that exist. It never alters an existing
 * topic: a wrong partition count, a lower replication factor or a weaker setting is reported as an
 * {@link IncompatibleTopicsException} for an operator to fix.
 *
 * <p>Safe to run from several nodes at once: a topic created concurrently by another node is
 * verified like any other existing topic.
 */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  private final Admin admin;
  private final Durability durability;
  private final Duration timeout;

  public TopicProvisioner(Admin admin, Durability durability, Duration timeout) {
    this.admin = admin;
    this.durability = durability;
    this.timeout = timeout;
  }

  /**
   * Makes every topic in {@code specs} exist with its settings.
   *
   * @return the names of the topics this call created
   * @throws IncompatibleTopicsException if an existing topic does not meet its spec
   * @throws TimeoutException if the cluster does not answer within the timeout
   */
  public Set<String> provision(Collection<TopicSpec> specs)
      throws TimeoutException, InterruptedException {
    Set<String> existing = await(admin.listTopics().names());
    Set<String> created = createMissing(specs, existing);
    verify(specs);
    return created;
  }

  private Set<String> createMissing(Collection<TopicSpec> specs, Set<String> existing)
      throws TimeoutException, InterruptedException {
    List<NewTopic> missing =
        specs.stream().filter(spec -> !existing.contains(spec.name())).map(this::newTopic).toList();
    Set<String> created = new TreeSet<>();
    for (var entry : admin.createTopics(missing).values().entrySet()) {
      try {
        entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        created.add(entry.getKey());
        log.info(
            "Created topic {} (replication factor {}, min.insync.replicas {})",
            entry.getKey(),
            durability.replicationFactor(),
            durability.minInsyncReplicas());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException(
              "Could not create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e);
        }
      }
    }
    return created;
  }

  private NewTopic newTopic(TopicSpec spec) {
    Map<String, String> configs = new HashMap<>(spec.configs());
    configs.put(
        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(durability.minInsyncReplicas()));
    return new NewTopic(spec.name(), spec.partitions(), durability.replicationFactor())
        .configs(configs);
  }

  private void verify(Collection<TopicSpec> specs) throws TimeoutException, InterruptedException {
    List<String> names = specs.stream().map(TopicSpec::name).toList();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        verify(specs, names);
        return;
      } catch (RetriableException notYet) {
        // Brokers learn of a new topic a moment after the controller created it, and a cluster
        // that has just started may still drop a connection or two.
        if (System.nanoTime() > deadline) {
          throw new TimeoutException(
              "Topics " + names + " could not be verified in time: " + notYet.getMessage());
        }
        Thread.sleep(200);
      }
    }
  }

  private void verify(Collection<TopicSpec> specs, List<String> names)
      throws TimeoutException, InterruptedException {
    Map<String, TopicDescription> descriptions = await(admin.describeTopics(names).allTopicNames());
    Map<ConfigResource, Config> configs =
        await(
            admin
                .describeConfigs(
                    names.stream()
                        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                        .toList())
                .all());
    List<String> problems = new ArrayList<>();
    for (TopicSpec spec : specs) {
      Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
      problems.addAll(problemsOf(spec, descriptions.get(spec.name()), config));
    }
    if (!problems.isEmpty()) {
      throw new IncompatibleTopicsException(problems);
    }
  }

  private List<String> problemsOf(TopicSpec spec, TopicDescription description, Config config) {
    List<String> problems = new ArrayList<>();
    String topic = "topic " + spec.name();
    int partitions = description.partitions().size();
    if (partitions != spec.partitions()) {
      problems.add(
          topic
              + " has "
              + partitions
              + " partitions but needs exactly "
              + spec.partitions()
              + " (partition counts never change in place; create a new versioned topic)");
    }
    int replicationFactor =
        description.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
    if (replicationFactor < durability.replicationFactor()) {
      problems.add(
          topic
              + " has replication factor "
              + replicationFactor
              + " but needs at least "
              + durability.replicationFactor());
    }
    int minIsr = Integer.parseInt(value(config, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG));
    if (minIsr < durability.minInsyncReplicas()) {
      problems.add(
          topic
              + " has min.insync.replicas="
              + minIsr
              + " but needs at least "
              + durability.minInsyncReplicas());
    }
    spec.configs().entrySet().stream()
        .filter(wanted -> !wanted.getValue().equals(value(config, wanted.getKey())))
        .map(
            wanted ->
                topic
                    + " has "
                    + wanted.getKey()
                    + "="
                    + value(config, wanted.getKey())
                    + " but needs "
                    + wanted.getValue())
        .forEach(problems::add);
    return problems;
  }

  private static String value(Config config, String name) {
    var entry = config.get(name);
    return entry == null ? null : entry.value();
  }

  private <T> T await(org.apache.kafka.common.KafkaFuture<T> future)
      throws TimeoutException, InterruptedException {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RetriableException retriable) {
        throw retriable;
      }
      throw new IllegalStateException("Kafka admin request failed: " + e.getCause(), e.getCause());
    }
  }
}
