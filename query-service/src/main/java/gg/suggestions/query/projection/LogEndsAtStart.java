package gg.suggestions.query.projection;

import gg.suggestions.eventstore.log.KafkaEventLogSource;
import gg.suggestions.eventstore.log.KafkaTrackingToken;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each projection's log ended when this node started, and whether its processor has read that
 * far. Axon marks a segment caught up the first time its stream has nothing waiting, which a stream
 * that polls can see before the log's end has arrived; a node must not say it is ready while it
 * still serves data older than the log it started on.
 */
final class LogEndsAtStart {

  private static final Logger log = LoggerFactory.getLogger(LogEndsAtStart.class);

  private final Map<String, KafkaTrackingToken> ends = new ConcurrentHashMap<>();
  private final Map<String, KafkaTrackingToken> byTopic = new ConcurrentHashMap<>();
  private final Set<String> reached = ConcurrentHashMap.newKeySet();

  /** Takes the end of {@code source} now, as the position {@code name} must reach. */
  void capture(String name, StreamableMessageSource<?> source) {
    if (source instanceof KafkaEventLogSource kafka) {
      try {
        // Projections that read the same topic share one look at its end.
        ends.put(name, byTopic.computeIfAbsent(kafka.topic(), topic -> kafka.lastRecordToken()));
      } catch (RuntimeException e) {
        log.warn(
            "Could not read where the log of projection {} ends ({}); its readiness rests on"
                + " the processor's own caught-up mark",
            name,
            e.toString());
      }
    }
  }

  /** Whether every segment of {@code name} has read to the end taken at start; stays true. */
  boolean reached(String name, Collection<EventTrackerStatus> segments) {
    if (reached.contains(name)) {
      return true;
    }
    KafkaTrackingToken end = ends.get(name);
    boolean now =
        end == null
            || !segments.isEmpty()
                && segments.stream().allMatch(s -> covers(s.getTrackingToken(), end));
    if (now) {
      reached.add(name);
    }
    return now;
  }

  /** Whether the end of {@code name}'s log was taken at start (it may have failed). */
  boolean knows(String name) {
    return ends.containsKey(name);
  }

  /** Which segments of {@code name} are short of the end taken at start, at which tokens. */
  String shortOf(String name, Map<Integer, EventTrackerStatus> segments) {
    KafkaTrackingToken end = ends.get(name);
    StringBuilder why = new StringBuilder("the log's end at start, " + end + ":");
    segments.forEach(
        (id, status) -> {
          if (end != null && !covers(status.getTrackingToken(), end)) {
            why.append(" segment ").append(id).append(" at ").append(status.getTrackingToken());
          }
        });
    return why.toString();
  }

  private static boolean covers(TrackingToken token, KafkaTrackingToken end) {
    TrackingToken plain = WrappedToken.unwrapLowerBound(token);
    return plain instanceof KafkaTrackingToken kafka ? kafka.covers(end) : end.offsets().isEmpty();
  }
}
