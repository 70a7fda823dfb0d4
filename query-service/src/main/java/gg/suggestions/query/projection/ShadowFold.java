package gg.suggestions.query.projection;

import gg.suggestions.query.projection.store.MemoryStore;
import gg.suggestions.query.projection.store.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.annotation.AnnotatedHandlerInspector;
import org.axonframework.messaging.annotation.MessageHandlingMember;

/**
 * A projection rebuilt in memory: the projection's own handlers over a {@link MemoryStore}, so a
 * rebuild follows exactly the rules of the live projection. Each message goes to the handler Axon's
 * annotation inspector finds for it, as in the live processor; the choice is made once per message
 * and payload type, since the rebuild folds millions of messages on one thread. The rebuild feeds
 * it every message of the log up to its target, in log order per partition; then it bulk-loads what
 * it holds into a fresh copy of the schema.
 */
public final class ShadowFold {

  private record Kind(Class<?> message, Class<?> payload) {}

  private final MemoryStore store = new MemoryStore();
  private final Object projection;
  private final AnnotatedHandlerInspector<Object> inspector;
  private final Map<Kind, MessageHandlingMember<? super Object>> handlers = new HashMap<>();

  /**
   * @param projection the projection over a store, as the live processor runs it
   */
  public ShadowFold(Function<Store, Object> projection) {
    this.projection = projection.apply(store);
    this.inspector = AnnotatedHandlerInspector.inspectType(this.projection.getClass());
  }

  /**
   * Folds one message, of a payload type the projection handles (the rebuild passes no other). One
   * it cannot apply (a payload that does not read, an event of a row it never saw) throws, and the
   * rebuild records it as a dead letter, as the live processor would.
   */
  public void apply(TrackedEventMessage<?> message) {
    MessageHandlingMember<? super Object> handler =
        handlers.computeIfAbsent(
            new Kind(message.getClass(), message.getPayloadType()), kind -> handlerOf(message));
    try {
      handler.handle(message, projection);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private MessageHandlingMember<? super Object> handlerOf(TrackedEventMessage<?> message) {
    return inspector
        .getHandlers(projection.getClass())
        .filter(handler -> handler.canHandle(message))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "No handler of "
                        + projection.getClass().getSimpleName()
                        + " takes "
                        + message.getPayloadType().getName()));
  }

  /**
   * The statement that merges rows of one key in {@code table}, loaded from the folds of several
   * partitions (records of one aggregate on two partitions: misrouted or hostile), if the
   * projection has that table.
   */
  public Optional<String> deduplication(String schema, String table) {
    return store.deduplication(schema, table);
  }

  /** Loads everything folded into the projection's tables in {@code schema}. */
  public void copyInto(Connection connection, String schema) throws SQLException {
    store.copyInto(connection, schema);
  }
}
