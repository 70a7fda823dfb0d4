package gg.suggestions.query.legacy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an import read, per collection: every document either imported or skipped with its reason,
 * so that read = imported + skipped exactly; the first few ids of each reason; and what was noted
 * on the way (votes dropped by a rule, counts kept instead of votes).
 */
public final class ImportReport {

  /** How many ids of each reason the report lists. */
  static final int EXAMPLES = 5;

  /** One collection's figures. */
  public static final class Collection {
    private final String name;
    private String file;
    private long read;
    private long imported;
    private long facts;
    private long written;
    private final Set<String> unwritten = new HashSet<>();
    private final Map<String, Long> skipped = new TreeMap<>();
    private final Map<String, List<String>> examples = new TreeMap<>();
    private final Map<String, Long> notes = new TreeMap<>();

    Collection(String name) {
      this.name = name;
    }

    synchronized void imported(long facts, Map<String, Long> noted) {
      read++;
      imported++;
      this.facts += facts;
      noted.forEach((note, count) -> notes.merge(note, count, Long::sum));
    }

    synchronized void skipped(String reason, String id) {
      read++;
      skip(reason, id);
    }

    private void skip(String reason, String id) {
      skipped.merge(reason, 1L, Long::sum);
      List<String> ids = examples.computeIfAbsent(reason, r -> new ArrayList<>());
      if (ids.size() < EXAMPLES) {
        ids.add(id.length() > 40 ? id.substring(0, 40) + "…" : id);
      }
    }

    /**
     * A document read and imported whose facts the log did not take, not all of them: it counts as
     * skipped for {@code reason} instead, once however many of its facts were refused.
     */
    synchronized void unwritten(String reason, String id) {
      if (unwritten.add(id)) {
        imported--;
        skip(reason, id);
      }
    }

    /** {@code count} of the imported facts are on the log. */
    synchronized void written(long count) {
      written += count;
    }

    synchronized void note(String note, long count) {
      notes.merge(note, count, Long::sum);
    }

    /** The facts on the log, once an import wrote them. */
    public synchronized long written() {
      return written;
    }

    public String name() {
      return name;
    }

    /** The file read, or null if the dump has none. */
    public String file() {
      return file;
    }

    public long read() {
      return read;
    }

    public long imported() {
      return imported;
    }

    /** The facts the imported documents hold (a member's statistics hold many). */
    public long facts() {
      return facts;
    }

    public long skippedCount() {
      return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<String, Long> skipped() {
      return skipped;
    }

    public Map<String, List<String>> examples() {
      return examples;
    }

    public Map<String, Long> notes() {
      return notes;
    }
  }

  private final Map<String, Collection> collections = new LinkedHashMap<>();

  synchronized Collection collection(String name, String file) {
    Collection collection = collections.computeIfAbsent(name, Collection::new);
    collection.file = file;
    return collection;
  }

  /** The collection {@code name}, read or not. */
  synchronized Collection of(String name) {
    return collections.computeIfAbsent(name, Collection::new);
  }

  public Map<String, Collection> collections() {
    return collections;
  }

  public long read() {
    return collections.values().stream().mapToLong(Collection::read).sum();
  }

  public long imported() {
    return collections.values().stream().mapToLong(Collection::imported).sum();
  }

  public long skipped() {
    return collections.values().stream().mapToLong(Collection::skippedCount).sum();
  }

  /**
   * The report as text: one table of figures, then the reasons, examples and notes; with the facts
   * written when an import wrote any.
   */
  public synchronized String text(boolean wrote) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%-26s %12s %12s %12s %12s%s%n",
            "collection",
            "read",
            "imported",
            "skipped",
            "facts",
            wrote ? String.format(" %12s", "written") : ""));
    for (Collection c : collections.values()) {
      out.append(
          String.format(
              "%-26s %,12d %,12d %,12d %,12d%s%s%n",
              c.name,
              c.read,
              c.imported,
              c.skippedCount(),
              c.facts,
              wrote ? String.format(" %,12d", c.written) : "",
              c.file == null ? "  (not in the dump)" : ""));
    }
    out.append(String.format("%-26s %,12d %,12d %,12d%n", "all", read(), imported(), skipped()));
    for (Collection c : collections.values()) {
      c.skipped.forEach(
          (reason, count) ->
              out.append(
                  String.format(
                      "%s: skipped %,d: %s (e.g. %s)%n",
                      c.name, count, reason, String.join(", ", c.examples.get(reason)))));
      c.notes.forEach(
          (note, count) -> out.append(String.format("%s: noted %,d: %s%n", c.name, count, note)));
    }
    return out.toString();
  }
}
