package gg.suggestions.eventstore.deadletter;

import java.sql.SQLException;

/**
 * Tells a failure that is the record's fault, which repeats on every retry and every replay, from
 * one of the database, which passes. Only SQLState classes 22 (data exception: value too long, NUL
 * byte, bad encoding), 23 (integrity: a row clashing with another) and 54 (program limit: an index
 * row too large) are the record's; a connection failure (08), an operator or shutdown intervention
 * (57), a serialization failure (40), a full disk (53) and anything unknown are not.
 */
public final class RecordFaults {

  private RecordFaults() {}

  /** Whether {@code e}, or an exception it chains, says the data itself was refused. */
  public static boolean isRecordFault(SQLException e) {
    for (SQLException next = e; next != null; next = next.getNextException()) {
      String state = next.getSQLState();
      if (state != null
          && RECORD_CLASSES.contains(state.substring(0, Math.min(2, state.length())))) {
        return true;
      }
    }
    return e.getCause() instanceof SQLException cause && cause != e && isRecordFault(cause);
  }

  private static final java.util.Set<String> RECORD_CLASSES = java.util.Set.of("22", "23", "54");
}
