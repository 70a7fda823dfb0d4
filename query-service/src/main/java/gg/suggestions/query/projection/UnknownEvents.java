package gg.suggestions.query.projection;

import gg.suggestions.eventstore.log.UnreadableRecord;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.serialization.UnknownSerializedType;

/**
 * Makes every projection receive events of a type this build does not know (written by a newer
 * version), which Axon would otherwise skip silently, and records that are no envelope at all;
 * {@link DeadLetters} records both before they get here, so an operator sees that the readers are
 * behind the writers, or that something wrote garbage to the log.
 */
final class UnknownEvents {

  @EventHandler
  void on(UnknownSerializedType unknown) {
    throw new IllegalStateException("Unknown event type " + unknown.serializedType().getName());
  }

  @EventHandler
  void on(UnreadableRecord unreadable) {
    throw new IllegalStateException("Not an envelope: " + unreadable.reason());
  }
}
