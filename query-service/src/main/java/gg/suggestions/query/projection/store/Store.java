package gg.suggestions.query.projection.store;

import java.util.List;
import java.util.Optional;

/**
 * Where a projection keeps its read model: the live database, one statement per change inside the
 * processor's transaction, or a rebuild's memory, bulk-loaded at the end. A projection is written
 * once against this, so the live data and a rebuild follow the same rules.
 */
public interface Store {

  <R> Rows<R> rows(Table<R> table);

  Counts counts(Counter counter);

  /**
   * Removes a forgotten member from the rows this store holds: in each of {@code where}, their id
   * becomes {@code pseudonym} and the texts they wrote "[removed]". A rebuild's store needs none of
   * this (the member's sealed fields no longer open, so their rows are written that way), and does
   * nothing.
   */
  void forget(List<MemberColumns> where, String userId, String pseudonym);

  /**
   * The rows of {@code table} whose column {@code column} (a JSON document) mentions {@code text},
   * for forgetting a member inside documents. A rebuild's store has none to give (see {@link
   * #forget}).
   */
  <R> List<R> rowsMentioning(Table<R> table, String column, String text);

  /** The rows of one table by key. */
  interface Rows<R> {

    /** The row with this key (the values of the key columns, in order), if there is one. */
    Optional<R> find(Object... key);

    /** Inserts the row or replaces the one with its key. */
    void put(R row);

    /** Removes the row with this key, if there is one. */
    void remove(Object... key);

    /**
     * Replaces the row with its key whatever its sequence guard: a forgetting rewrites a row
     * without advancing it.
     */
    void replace(R row);
  }

  /** The counts of one table by key. */
  interface Counts {

    /** Adds {@code amounts} (one per count column) to the counts of {@code key}. */
    void add(List<Object> key, long... amounts);
  }
}
