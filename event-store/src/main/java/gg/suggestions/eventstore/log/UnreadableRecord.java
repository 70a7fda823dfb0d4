package gg.suggestions.eventstore.log;

/**
 * The payload of a message that stands for a record of the log no reader can read: no value,
 * garbage, JSON that is no envelope. A processor receives it like any event, so it dead-letters the
 * record with its bytes (metadata {@value KafkaEventLogSource#RECORD}) and moves on, and a rebuild
 * does the same at the same place.
 *
 * @param reason why the record could not be read
 */
public record UnreadableRecord(String topic, int partition, long offset, String reason) {

  /** The message's identifier: the record's place, the same for every reader. */
  public String id() {
    return "unreadable:" + topic + "-" + partition + "@" + offset;
  }
}
