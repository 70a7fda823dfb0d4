package gg.suggestions.query.projection;

import gg.suggestions.eventstore.deadletter.DeadLetter;
import gg.suggestions.eventstore.deadletter.SafeText;
import gg.suggestions.eventstore.log.KafkaEventLogSource;
import gg.suggestions.eventstore.log.UnreadableRecord;
import gg.suggestions.eventstore.retry.RetryLog;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.UnknownSerializedType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Handles each event inside a savepoint of the processor's transaction. An event the projection
 * cannot apply (a record that is no envelope, an unknown type, content no table can store, a
 * payload that does not read, a handler that fails on it) is rolled back to the savepoint and
 * recorded in the projection's {@code dead_letter} table in the same transaction; the projection
 * moves on. A failure that may pass (the database is unreachable, a serialization conflict, a
 * savepoint or transaction that can not be opened) is not the event's fault: it fails the batch,
 * which the processor retries.
 */
final class DeadLetters implements MessageHandlerInterceptor<EventMessage<?>> {

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private final String projection;
  private final String schema;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate savepoint;
  private final RetryLog retries;

  DeadLetters(
      String projection,
      String schema,
      JdbcTemplate jdbc,
      PlatformTransactionManager transactions,
      RetryLog retries) {
    this.retries = retries;
    this.projection = projection;
    this.schema = schema;
    this.jdbc = jdbc;
    this.savepoint = new TransactionTemplate(transactions);
    this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
  }

  @Override
  public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain)
      throws Exception {
    EventMessage<?> event = unitOfWork.getMessage();
    String refusal = refusal(event);
    if (refusal != null) {
      record(event, refusal);
      return null;
    }
    try {
      return savepoint.execute(
          status -> {
            try {
              return chain.proceed();
            } catch (RuntimeException e) {
              throw e;
            } catch (Exception e) {
              throw new HandlerFailure(e);
            }
          });
    } catch (TransientDataAccessException
        | RecoverableDataAccessException
        | DataAccessResourceFailureException
        | TransactionException mayPass) {
      retries.failed(WatchedTransactions.DATABASE, mayPass);
      throw mayPass;
    } catch (HandlerFailure e) {
      record(event, describe(e.getCause()));
    } catch (RuntimeException e) {
      record(event, describe(e));
    }
    return null;
  }

  /**
   * Why {@code event} is dead-lettered before any handler sees it, or null: a record that is no
   * envelope, a type this build does not know, content no table can store. One rule for the live
   * processor and the rebuild, so both dead-letter the same events.
   */
  static String refusal(EventMessage<?> event) {
    try {
      if (event.getPayload() instanceof UnreadableRecord unreadable) {
        return "Not an envelope: " + unreadable.reason();
      }
      if (UnknownSerializedType.class.equals(event.getPayloadType())) {
        return "Unknown event type " + typeOf(event);
      }
      return Storable.problem(event);
    } catch (RuntimeException unreadablePayload) {
      return DeadLetter.describe(unreadablePayload);
    }
  }

  /** The columns of a dead letter row, as {@link #row} gives them. */
  static final List<String> COLUMNS =
      List.of(
          "dead_key",
          "topic",
          "log_partition",
          "log_offset",
          "event_id",
          "event_type",
          "aggregate_id",
          "sequence",
          "error",
          "payload",
          "raw");

  /** Longest rendering of a payload kept in a dead letter; the raw bytes hold all of it. */
  private static final int MAX_PAYLOAD_TEXT = 10_000;

  /**
   * A dead letter of {@code event}, in the order of {@link #COLUMNS}: all text cleaned and cut, so
   * writing it can not fail on what the event holds.
   */
  static Object[] row(EventMessage<?> event, String error) {
    MetaData meta = event.getMetaData();
    DomainEventMessage<?> domain = event instanceof DomainEventMessage<?> d ? d : null;
    DeadLetter letter =
        new DeadLetter(
            (String) meta.get(KafkaEventLogSource.TOPIC),
            meta.get(KafkaEventLogSource.PARTITION) instanceof Integer p ? p : -1,
            meta.get(KafkaEventLogSource.OFFSET) instanceof Long o ? o : -1,
            UnreadableRecord.class.equals(event.getPayloadType()) ? null : event.getIdentifier(),
            typeOf(event),
            domain == null ? null : domain.getAggregateIdentifier(),
            error,
            meta.get(KafkaEventLogSource.RECORD) instanceof byte[] raw ? raw : null);
    boolean placed = letter.topic() != null && letter.offset() >= 0;
    return new Object[] {
      placed ? letter.topic() + "-" + letter.partition() + "@" + letter.offset() : letter.eventId(),
      letter.topic(),
      placed ? letter.partition() : null,
      placed ? letter.offset() : null,
      letter.eventId(),
      letter.type(),
      letter.aggregateId(),
      domain == null ? null : domain.getSequenceNumber(),
      letter.error(),
      SafeText.clean(payloadText(event), MAX_PAYLOAD_TEXT),
      letter.raw()
    };
  }

  /** The key a dead letter of {@code event} is stored under: its place in the log, if known. */
  static String keyOf(EventMessage<?> event) {
    return (String) row(event, "")[0];
  }

  private void record(EventMessage<?> event, String error) {
    Object[] row = row(event, error);
    log.error(
        "Projection {} dead-lettered {} (event {}, {} of {} at sequence {}): {}",
        projection,
        row[0],
        row[4],
        row[5],
        row[6],
        row[7],
        row[8]);
    jdbc.update(
        "INSERT INTO "
            + schema
            + ".dead_letter ("
            + String.join(", ", COLUMNS)
            + ") VALUES ("
            + String.join(", ", COLUMNS.stream().map(c -> "?").toList())
            + ") ON CONFLICT (dead_key) DO NOTHING",
        row);
  }

  /** The logical type: a contract's simple name, or the name an unknown type was written with. */
  static String typeOf(EventMessage<?> event) {
    if (UnknownSerializedType.class.equals(event.getPayloadType())) {
      return ((UnknownSerializedType) event.getPayload()).serializedType().getName();
    }
    if (UnreadableRecord.class.equals(event.getPayloadType())) {
      return null;
    }
    return event.getPayloadType().getSimpleName();
  }

  private static String payloadText(EventMessage<?> event) {
    try {
      return String.valueOf(event.getPayload());
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  static String describe(Throwable e) {
    return DeadLetter.describe(e);
  }

  /** Carries a checked exception out of the savepoint's callback. */
  private static final class HandlerFailure extends RuntimeException {
    HandlerFailure(Exception cause) {
      super(cause);
    }
  }
}
