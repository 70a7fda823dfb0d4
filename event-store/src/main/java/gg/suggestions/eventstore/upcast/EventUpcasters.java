package gg.suggestions.eventstore.upcast;

import java.util.List;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;

/** The chain of every upcaster, in order. Empty while every event is at its first version. */
public final class EventUpcasters {

  private EventUpcasters() {}

  public static List<EventUpcaster> all() {
    return List.of();
  }

  public static EventUpcasterChain chain() {
    return new EventUpcasterChain(all());
  }
}
