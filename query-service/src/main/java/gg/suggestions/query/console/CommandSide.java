package gg.suggestions.query.console;

import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command side as the console shows it: which node owns each command partition, how many
 * commands wait on it, and the recent changes of owner (failovers, restarts, rebalances), as this
 * node saw them in the command group every few seconds since it started.
 */
final class CommandSide implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CommandSide.class);

  /** The command nodes' consumer group (the command service's {@code CommandNode.GROUP_ID}). */
  static final String GROUP = "suggestions-command";

  private static final int KEPT = 100;
  private static final Duration CALL = Duration.ofSeconds(5);

  /** One command partition: its owner (null: none), commands in it, and those not yet taken. */
  record Partition(int partition, String owner, long end, long lag) {}

  /** An owner change of one partition, as seen at {@code at}. */
  record Change(Instant at, int partition, String from, String to) {}

  private final Admin admin;
  private final Clock clock;
  private final ScheduledExecutorService watcher;
  private final Deque<Change> changes = new ArrayDeque<>();
  private Map<Integer, String> owners;

  CommandSide(Admin admin, Clock clock, Duration every) {
    this.admin = admin;
    this.clock = clock;
    this.watcher =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "console-command-group");
              thread.setDaemon(true);
              return thread;
            });
    watcher.scheduleWithFixedDelay(this::look, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Every command partition, in order, with its owner and lag now. */
  List<Partition> partitions() throws Exception {
    Map<Integer, String> owned = owners();
    var partitions =
        admin
            .describeTopics(List.of(SuggestionTopics.COMMANDS))
            .allTopicNames()
            .get(CALL.toSeconds(), TimeUnit.SECONDS)
            .get(SuggestionTopics.COMMANDS)
            .partitions()
            .stream()
            .map(p -> new TopicPartition(SuggestionTopics.COMMANDS, p.partition()))
            .toList();
    Map<TopicPartition, OffsetSpec> latest = new TreeMap<>(CommandSide::byPartition);
    partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
    var ends = admin.listOffsets(latest).all().get(CALL.toSeconds(), TimeUnit.SECONDS);
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(GROUP)
            .partitionsToOffsetAndMetadata()
            .get(CALL.toSeconds(), TimeUnit.SECONDS);
    List<Partition> rows = new ArrayList<>();
    for (TopicPartition p : partitions) {
      long end = ends.get(p).offset();
      OffsetAndMetadata at = committed.get(p);
      rows.add(
          new Partition(
              p.partition(),
              owned.get(p.partition()),
              end,
              Math.max(0, end - (at == null ? 0 : at.offset()))));
    }
    return rows;
  }

  /** The owner changes seen lately, newest first. */
  synchronized List<Change> changes() {
    return List.copyOf(changes);
  }

  private Map<Integer, String> owners() throws Exception {
    ConsumerGroupDescription group =
        admin
            .describeConsumerGroups(List.of(GROUP))
            .describedGroups()
            .get(GROUP)
            .get(CALL.toSeconds(), TimeUnit.SECONDS);
    Map<Integer, String> owners = new TreeMap<>();
    for (MemberDescription member : group.members()) {
      String name = nameOf(member);
      member.assignment().topicPartitions().stream()
          .filter(p -> p.topic().equals(SuggestionTopics.COMMANDS))
          .forEach(p -> owners.put(p.partition(), name));
    }
    return owners;
  }

  /** A member by its static name if it has one, else its host and the start of its member id. */
  private static String nameOf(MemberDescription member) {
    if (member.groupInstanceId().isPresent()) {
      return member.groupInstanceId().get();
    }
    String id = member.consumerId();
    return member.host().replaceFirst("^/", "") + " " + id.substring(0, Math.min(8, id.length()));
  }

  private void look() {
    try {
      Map<Integer, String> now = owners();
      synchronized (this) {
        if (owners != null) {
          Instant at = clock.instant();
          for (int partition : union(owners, now)) {
            String from = owners.get(partition);
            String to = now.get(partition);
            if (!Objects.equals(from, to)) {
              changes.addFirst(new Change(at, partition, from, to));
              while (changes.size() > KEPT) {
                changes.removeLast();
              }
            }
          }
        }
        owners = now;
      }
    } catch (Exception e) {
      log.debug("Could not describe the command group: {}", e.toString());
    }
  }

  private static List<Integer> union(Map<Integer, String> a, Map<Integer, String> b) {
    var all = new TreeSet<>(a.keySet());
    all.addAll(b.keySet());
    return List.copyOf(all);
  }

  private static int byPartition(TopicPartition a, TopicPartition b) {
    return Integer.compare(a.partition(), b.partition());
  }

  @Override
  public void close() {
    watcher.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }
}
