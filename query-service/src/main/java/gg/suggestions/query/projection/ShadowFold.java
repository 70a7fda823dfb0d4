package gg.suggestions.query.projection;

import java.sql.Connection;
import java.sql.SQLException;
import org.axonframework.eventhandling.TrackedEventMessage;

/**
 * A projection rebuilt in memory: the rebuild feeds it every message of the log up to its target,
 * in log order per partition, and it folds them with the same pure transitions as the live
 * handlers; then it bulk-loads what it holds into a fresh copy of the projection's schema.
 */
public interface ShadowFold {

  /**
   * Folds one message, of a payload type the live handlers take (the rebuild passes no other). One
   * it cannot apply (an unknown type, a payload that does not read, an event of a row it never saw)
   * throws, and the rebuild records it as a dead letter, as the live processor would.
   */
  void apply(TrackedEventMessage<?> message);

  /** Loads everything folded into the projection's tables in {@code schema}. */
  void copyInto(Connection connection, String schema) throws SQLException;
}
