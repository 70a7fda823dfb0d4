package gg.suggestions.deploy.drill;

import static org.awaitility.Awaitility.await;

import gg.suggestions.command.loop.CommandNode;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

/** The drill's view of the cluster through the admin API: health, controller, command group. */
final class DrillAdmin implements AutoCloseable {

  private final Admin admin;

  DrillAdmin(String bootstrapServers) {
    admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
  }

  /**
   * Waits until healed: three brokers registered, each answering a request of its own (a broker
   * killed for less than its 2 s session is still registered, and its ISRs still full, while it
   * restarts), and every partition's ISR back to all its replicas. Returns how long that took.
   */
  Duration awaitHealthy() {
    Instant began = Instant.now();
    await()
        .atMost(Duration.ofSeconds(600))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(this::healthy);
    return Duration.between(began, Instant.now());
  }

  private boolean healthy() throws Exception {
    Collection<Node> brokers = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
    if (brokers.size() < 3) {
      return false;
    }
    for (Node broker : brokers) {
      // A broker's own configuration is read from that broker: it fails while it is down.
      admin
          .describeConfigs(
              List.of(new ConfigResource(ConfigResource.Type.BROKER, broker.idString())))
          .all()
          .get(5, TimeUnit.SECONDS);
    }
    Set<String> topics = admin.listTopics().names().get(5, TimeUnit.SECONDS);
    for (TopicDescription topic :
        admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values()) {
      for (TopicPartitionInfo partition : topic.partitions()) {
        if (partition.isr().size() < partition.replicas().size()) {
          return false;
        }
      }
    }
    return true;
  }

  int controllerLeader() throws Exception {
    return admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS).leaderId();
  }

  /**
   * What a drill that stalls prints: per command partition that still has commands waiting, the
   * command group's committed offset, the partition's committed end and the member that owns it;
   * and every partition of the topics written in transactions whose last stable offset stays behind
   * its high watermark (a transaction left open blocks every {@code read_committed} reader).
   */
  String stallState() {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(CommandNode.GROUP_ID)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = latestOfEveryPartition();
      Map<TopicPartition, Long> stable = ends(latest, IsolationLevel.READ_COMMITTED);
      Map<TopicPartition, Long> written = ends(latest, IsolationLevel.READ_UNCOMMITTED);
      Map<TopicPartition, String> owners = owners();
      List<String> waiting = new ArrayList<>();
      List<String> open = new ArrayList<>();
      for (TopicPartition tp : stable.keySet()) {
        long end = stable.get(tp);
        if (tp.topic().equals(SuggestionTopics.COMMANDS)) {
          OffsetAndMetadata at = committed.get(tp);
          long position = at == null ? 0 : at.offset();
          if (position < end) {
            String owner = owners.getOrDefault(tp, "no owner");
            waiting.add(
                "p" + tp.partition() + " at " + position + " of " + end + " (" + owner + ")");
          }
        } else if (end < written.get(tp)) {
          open.add(tp + " stable " + end + " of " + written.get(tp));
        }
      }
      return "command partitions with commands waiting: "
          + (waiting.isEmpty() ? "none" : String.join(", ", waiting))
          + "; partitions with a transaction open: "
          + (open.isEmpty() ? "none" : String.join(", ", open));
    } catch (ExecutionException | TimeoutException e) {
      return "cluster state unavailable: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "cluster state unavailable: interrupted";
    }
  }

  /** The latest offset of every partition of the platform's topics. */
  private Map<TopicPartition, OffsetSpec> latestOfEveryPartition()
      throws ExecutionException, InterruptedException, TimeoutException {
    List<String> topics =
        List.of(
            SuggestionTopics.COMMANDS,
            SuggestionTopics.EVENTS,
            SuggestionTopics.REPLIES,
            SuggestionTopics.INTERACTIONS);
    Map<TopicPartition, OffsetSpec> latest = new TreeMap<>(byPartition());
    for (TopicDescription topic :
        admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
      for (TopicPartitionInfo partition : topic.partitions()) {
        latest.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest());
      }
    }
    return latest;
  }

  /** Where each partition ends, as a reader at {@code isolation} sees it. */
  private Map<TopicPartition, Long> ends(
      Map<TopicPartition, OffsetSpec> latest, IsolationLevel isolation)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, Long> ends = new TreeMap<>(byPartition());
    admin
        .listOffsets(latest, new ListOffsetsOptions(isolation))
        .all()
        .get(10, TimeUnit.SECONDS)
        .forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  private Map<TopicPartition, String> owners()
      throws ExecutionException, InterruptedException, TimeoutException {
    ConsumerGroupDescription group =
        admin
            .describeConsumerGroups(List.of(CommandNode.GROUP_ID))
            .all()
            .get(10, TimeUnit.SECONDS)
            .get(CommandNode.GROUP_ID);
    Map<TopicPartition, String> owners = new TreeMap<>(byPartition());
    for (MemberDescription member : group.members()) {
      for (TopicPartition tp : member.assignment().topicPartitions()) {
        owners.put(tp, member.clientId() + "@" + member.host());
      }
    }
    return owners;
  }

  private static Comparator<TopicPartition> byPartition() {
    return Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);
  }

  @Override
  public void close() {
    admin.close();
  }
}
