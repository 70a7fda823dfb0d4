package gg.suggestions.eventstore.envelope;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Event ids derived from the command that produced them, so a retried command yields the same ids
 * and a duplicate is recognisable anywhere downstream.
 */
public final class EventIds {

  private EventIds() {}

  /** The id of the {@code index}-th event (from 0) that command {@code commandId} produced. */
  public static String of(String commandId, int index) {
    if (commandId == null || commandId.isBlank()) {
      throw new IllegalArgumentException("An event id needs the id of the command behind it");
    }
    if (index < 0) {
      throw new IllegalArgumentException("Event index must not be negative: " + index);
    }
    String name = "suggestions.event:" + commandId + ":" + index;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
