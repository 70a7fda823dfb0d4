package gg.suggestions.query.projection.store;

import java.util.List;

/**
 * Where a table keeps a member (docs/privacy.md): the column with their id, and the columns with
 * texts that member wrote on that row. Forgetting the member puts their pseudonym in the id column
 * and "[removed]" in each text that is not empty: what a rebuild writes once their fields no longer
 * open.
 *
 * @param table the table's name in the projection's schema
 * @param idColumn the column holding the member's id
 * @param textColumns the columns holding texts the member in {@code idColumn} wrote
 * @param keyColumns the table's key when it includes {@code idColumn} (a row under the pseudonym
 *     may exist already, if some of the member's events were read after their key was gone); else
 *     empty
 * @param countColumns for a table of counts keyed by the member: the counts, which such a row adds
 *     up with; else empty
 */
public record MemberColumns(
    String table,
    String idColumn,
    List<String> textColumns,
    List<String> keyColumns,
    List<String> countColumns) {

  public MemberColumns {
    textColumns = List.copyOf(textColumns);
    keyColumns = List.copyOf(keyColumns);
    countColumns = List.copyOf(countColumns);
  }

  /** A member's id (and texts) in a table whose key does not include it. */
  public static MemberColumns of(String table, String idColumn, List<String> textColumns) {
    return new MemberColumns(table, idColumn, textColumns, List.of(), List.of());
  }
}
