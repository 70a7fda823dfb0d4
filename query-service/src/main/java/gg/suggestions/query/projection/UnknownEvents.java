package gg.suggestions.query.projection;

import org.axonframework.eventhandling.EventHandler;
import org.axonframework.serialization.UnknownSerializedType;

/**
 * Makes every projection receive events of a type this build does not know (written by a newer
 * version), which Axon would otherwise skip silently; {@link DeadLetters} records them, so an
 * operator sees that the readers are behind the writers.
 */
final class UnknownEvents {

  @EventHandler
  void on(UnknownSerializedType unknown) {
    throw new IllegalStateException("Unknown event type " + unknown.serializedType().getName());
  }
}
