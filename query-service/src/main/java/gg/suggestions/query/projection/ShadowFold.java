package gg.suggestions.query.projection;

import gg.suggestions.query.projection.store.MemoryStore;
import gg.suggestions.query.projection.store.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;

/**
 * A projection rebuilt in memory: the projection's own handlers over a {@link MemoryStore}, with
 * Axon's dispatch by payload type as in the live processor, so a rebuild follows exactly the rules
 * of the live projection. The rebuild feeds it every message of the log up to its target, in log
 * order per partition; then it bulk-loads what it holds into a fresh copy of the schema.
 */
public final class ShadowFold {

  private final MemoryStore store = new MemoryStore();
  private final AnnotationEventHandlerAdapter handlers;

  /**
   * @param projection the projection over a store, as the live processor runs it
   */
  public ShadowFold(Function<Store, Object> projection) {
    this.handlers = new AnnotationEventHandlerAdapter(projection.apply(store));
  }

  /**
   * Folds one message, of a payload type the projection handles (the rebuild passes no other). One
   * it cannot apply (a payload that does not read, an event of a row it never saw) throws, and the
   * rebuild records it as a dead letter, as the live processor would.
   */
  public void apply(TrackedEventMessage<?> message) {
    try {
      handlers.handle(message);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Loads everything folded into the projection's tables in {@code schema}. */
  public void copyInto(Connection connection, String schema) throws SQLException {
    store.copyInto(connection, schema);
  }
}
