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
 */
public record MemberColumns(String table, String idColumn, List<String> textColumns) {

  public MemberColumns {
    textColumns = List.copyOf(textColumns);
  }
}
