package gg.suggestions.eventstore.log;

import java.util.List;
import org.axonframework.eventhandling.TrackedEventMessage;

/**
 * What one record of a topic becomes for a processor: the messages it carries, each tracked at the
 * position just past the record.
 */
@FunctionalInterface
public interface LogRecords {

  /**
   * @param partition the record's partition
   * @param value the record's bytes
   * @param position the reader's position including this record
   * @throws IllegalArgumentException (or {@code MalformedEnvelopeException}) if the record cannot
   *     be read at all; the reader logs it with its partition and offset and passes over it
   */
  List<TrackedEventMessage<?>> messages(int partition, byte[] value, KafkaTrackingToken position);
}
