package gg.suggestions.eventstore.replica;

import gg.suggestions.eventstore.deadletter.DeadLetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record of a catch-up chunk read as {@code value}, with the record itself, so a row that does
 * not store can be dead-lettered with its bytes and place in the log.
 */
record Read<T>(ConsumerRecord<String, byte[]> record, T value, String id, String type, String key) {

  DeadLetter deadLetter(String error) {
    return new DeadLetter(
        record.topic(), record.partition(), record.offset(), id, type, key, error, record.value());
  }
}
