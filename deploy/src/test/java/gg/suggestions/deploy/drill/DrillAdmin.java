package gg.suggestions.deploy.drill;

import static org.awaitility.Awaitility.await;

import gg.suggestions.command.loop.CommandNode;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

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
   * Waits until healed: three brokers registered and every partition's ISR back to all its
   * replicas. Returns how long that took.
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
    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() < 3) {
      return false;
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
   * command group's committed offset, the partition's committed end and the member that owns it.
   */
  String commandGroupState() {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(CommandNode.GROUP_ID)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      int partitions =
          admin
              .describeTopics(List.of(SuggestionTopics.COMMANDS))
              .allTopicNames()
              .get(10, TimeUnit.SECONDS)
              .get(SuggestionTopics.COMMANDS)
              .partitions()
              .size();
      Map<TopicPartition, OffsetSpec> latest = new TreeMap<>(byPartition());
      for (int p = 0; p < partitions; p++) {
        latest.put(new TopicPartition(SuggestionTopics.COMMANDS, p), OffsetSpec.latest());
      }
      var ends =
          admin
              .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
              .all()
              .get(10, TimeUnit.SECONDS);
      Map<TopicPartition, String> owners = owners();
      List<String> waiting = new ArrayList<>();
      for (TopicPartition tp : latest.keySet()) {
        long end = ends.get(tp).offset();
        OffsetAndMetadata at = committed.get(tp);
        long position = at == null ? -1 : at.offset();
        if (position < end) {
          waiting.add(
              "p"
                  + tp.partition()
                  + " at "
                  + position
                  + " of "
                  + end
                  + " ("
                  + owners.getOrDefault(tp, "no owner")
                  + ")");
        }
      }
      return "command partitions with commands waiting: "
          + (waiting.isEmpty() ? "none" : String.join(", ", waiting));
    } catch (ExecutionException | TimeoutException e) {
      return "command group state unavailable: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "command group state unavailable: interrupted";
    }
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
