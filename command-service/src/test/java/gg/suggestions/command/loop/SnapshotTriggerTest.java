package gg.suggestions.command.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SnapshotTriggerTest {

  private static final class Suggestion {}

  private static final class GuildConfig {}

  private final List<String> scheduled = new ArrayList<>();
  private final SnapshotTrigger trigger =
      new SnapshotTrigger(
          (type, id) -> scheduled.add(type.getSimpleName() + " " + id),
          List.of(Suggestion.class, GuildConfig.class),
          100);

  @Test
  void anAggregateThatReachesAMultipleIsSnapshotted() {
    trigger.committed(events("Suggestion", "g/a", 98, 99));

    assertThat(scheduled).containsExactly("Suggestion g/a");
  }

  @Test
  void anAggregateThatStaysBetweenMultiplesIsNot() {
    trigger.committed(events("Suggestion", "g/a", 0, 98));
    trigger.committed(events("Suggestion", "g/a", 100, 198));

    assertThat(scheduled).isEmpty();
  }

  @Test
  void aBatchThatCrossesSeveralMultiplesAsksOnce() {
    trigger.committed(events("Suggestion", "g/a", 50, 260));

    assertThat(scheduled).containsExactly("Suggestion g/a");
  }

  @Test
  void eachAggregateOfTheBatchIsJudgedOnItsOwnEvents() {
    trigger.committed(
        Stream.of(
                events("Suggestion", "g/a", 90, 95),
                events("GuildConfig", "g", 199, 199),
                events("Suggestion", "g/b", 10, 20))
            .flatMap(List::stream)
            .toList());

    assertThat(scheduled).containsExactly("GuildConfig g");
  }

  @Test
  void anAggregateTypeItDoesNotKnowIsLeftAlone() {
    trigger.committed(events("SomethingElse", "x", 0, 500));

    assertThat(scheduled).isEmpty();
  }

  @Test
  void refusesAnIntervalBelowOne() {
    assertThatThrownBy(() -> new SnapshotTrigger((type, id) -> {}, List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<EventEnvelope> events(
      String type, String aggregateId, long first, long last) {
    return LongStream.rangeClosed(first, last)
        .mapToObj(
            sequence ->
                new EventEnvelope(
                    EventEnvelope.SCHEMA,
                    aggregateId + ":" + sequence,
                    "VoteCast",
                    1,
                    type,
                    aggregateId,
                    sequence,
                    "g",
                    Instant.EPOCH,
                    null,
                    JsonNodeFactory.instance.objectNode()))
        .toList();
  }
}
