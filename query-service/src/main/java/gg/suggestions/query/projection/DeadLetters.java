package gg.suggestions.query.projection;

import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
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
 * cannot apply (an unknown type, a payload that does not read, a handler that fails on it) is
 * rolled back to the savepoint and recorded in the projection's {@code dead_letter} table in the
 * same transaction; the projection moves on. A failure that may pass (the database is unreachable,
 * a serialization conflict, a savepoint or transaction that can not be opened) is not the event's
 * fault: it fails the batch, which the processor retries.
 */
final class DeadLetters implements MessageHandlerInterceptor<EventMessage<?>> {

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private final String projection;
  private final String schema;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate savepoint;

  DeadLetters(
      String projection,
      String schema,
      JdbcTemplate jdbc,
      PlatformTransactionManager transactions) {
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
    if (UnknownSerializedType.class.equals(event.getPayloadType())) {
      record(event, "Unknown event type " + typeOf(event));
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
      throw mayPass;
    } catch (HandlerFailure e) {
      record(event, describe(e.getCause()));
    } catch (RuntimeException e) {
      record(event, describe(e));
    }
    return null;
  }

  /** The columns of a dead letter row, as {@link #row} gives them. */
  static final List<String> COLUMNS =
      List.of("event_id", "event_type", "aggregate_id", "sequence", "error", "payload");

  /** A dead letter of {@code event}, in the order of {@link #COLUMNS}. */
  static Object[] row(EventMessage<?> event, String error) {
    String aggregateId = null;
    Long sequence = null;
    if (event instanceof DomainEventMessage<?> domain) {
      aggregateId = domain.getAggregateIdentifier();
      sequence = domain.getSequenceNumber();
    }
    return new Object[] {
      event.getIdentifier(), typeOf(event), aggregateId, sequence, error, payloadText(event)
    };
  }

  private void record(EventMessage<?> event, String error) {
    Object[] row = row(event, error);
    log.error(
        "Projection {} dead-lettered event {} ({} of {} at sequence {}): {}",
        projection,
        row[0],
        row[1],
        row[2],
        row[3],
        error);
    jdbc.update(
        "INSERT INTO "
            + schema
            + ".dead_letter ("
            + String.join(", ", COLUMNS)
            + ")"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING",
        row);
  }

  /** The logical type: a contract's simple name, or the name an unknown type was written with. */
  static String typeOf(EventMessage<?> event) {
    if (UnknownSerializedType.class.equals(event.getPayloadType())) {
      return ((UnknownSerializedType) event.getPayload()).serializedType().getName();
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
    StringBuilder text = new StringBuilder(e.toString());
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      text.append("; caused by ").append(cause);
    }
    return text.toString();
  }

  /** Carries a checked exception out of the savepoint's callback. */
  private static final class HandlerFailure extends RuntimeException {
    HandlerFailure(Exception cause) {
      super(cause);
    }
  }
}
