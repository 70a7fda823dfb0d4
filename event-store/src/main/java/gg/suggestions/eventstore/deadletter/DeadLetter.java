package gg.suggestions.eventstore.deadletter;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record of the log that a reader could not store or apply. Every text is {@linkplain
 * SafeText#clean cleaned} and cut when the dead letter is made, so writing it can not fail on its
 * content; the record's exact bytes are kept in {@code raw}.
 *
 * @param eventId the event or command id, if the record could be read that far
 * @param error why the record is dead, for an operator
 * @param raw the record's value as it is on the log; empty for a record without value
 */
public record DeadLetter(
    String topic,
    int partition,
    long offset,
    String eventId,
    String type,
    String aggregateId,
    String error,
    byte[] raw) {

  public static final int MAX_ERROR = 2000;

  public DeadLetter {
    topic = SafeText.clean(topic, SafeText.MAX_ID);
    eventId = SafeText.clean(eventId, SafeText.MAX_ID);
    type = SafeText.clean(type, SafeText.MAX_ID);
    aggregateId = SafeText.clean(aggregateId, SafeText.MAX_ID);
    error = SafeText.clean(error == null ? "(no reason given)" : error, MAX_ERROR);
    raw = raw == null ? new byte[0] : raw;
  }

  /** A dead letter of a record nothing could be read from. */
  public static DeadLetter of(ConsumerRecord<?, byte[]> record, String error) {
    return new DeadLetter(
        record.topic(),
        record.partition(),
        record.offset(),
        null,
        null,
        null,
        error,
        record.value());
  }

  /** The cause chain of {@code e} as one line, for the error column. */
  public static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e));
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      text.append("; caused by ").append(cause);
    }
    return text.toString();
  }
}
