package gg.suggestions.command.loop;

import gg.suggestions.eventstore.envelope.EventEnvelope;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventsourcing.Snapshotter;

/**
 * Asks for a snapshot of every aggregate that grew past another multiple of {@code every} events,
 * but only once those events are committed to Kafka and written to the replica. Axon's own
 * event-count trigger would fire while the events are still in the open transaction; a snapshot of
 * state that the transaction then aborts would be wrong, and it would outlive the abort.
 *
 * <p>The {@link Snapshotter} runs on its own thread and builds the snapshot from the replica alone,
 * so it sees only committed events: any prefix of them is a true state.
 */
final class SnapshotTrigger {

  private final Snapshotter snapshotter;
  private final Map<String, Class<?>> aggregateTypes;
  private final int every;

  /**
   * @param aggregateTypes the aggregates to snapshot, by the type name their events carry
   * @param every how many events of an aggregate between snapshots
   */
  SnapshotTrigger(Snapshotter snapshotter, List<Class<?>> aggregateTypes, int every) {
    if (every < 1) {
      throw new IllegalArgumentException("Snapshot interval must be at least 1, not " + every);
    }
    this.snapshotter = snapshotter;
    this.aggregateTypes = new HashMap<>();
    aggregateTypes.forEach(type -> this.aggregateTypes.put(type.getSimpleName(), type));
    this.every = every;
  }

  /** Never snapshots. */
  static SnapshotTrigger none() {
    return new SnapshotTrigger((type, id) -> {}, List.of(), Integer.MAX_VALUE);
  }

  /** {@code events} are committed and in the replica: snapshot what crossed a multiple. */
  void committed(List<EventEnvelope> events) {
    Map<String, long[]> spans = new HashMap<>();
    for (EventEnvelope event : events) {
      long[] span =
          spans.computeIfAbsent(event.aggregateId(), id -> new long[] {event.sequence(), 0});
      span[1] = event.sequence();
    }
    for (EventEnvelope event : events) {
      long[] span = spans.remove(event.aggregateId());
      Class<?> type = aggregateTypes.get(event.aggregateType());
      // Sequences first..last took the aggregate from first to last + 1 events.
      if (span != null && type != null && (span[1] + 1) / every > span[0] / every) {
        snapshotter.scheduleSnapshot(type, event.aggregateId());
      }
    }
  }
}
