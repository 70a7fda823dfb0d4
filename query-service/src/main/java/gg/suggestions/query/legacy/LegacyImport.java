package gg.suggestions.query.legacy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bson.BsonDocument;

/**
 * Reads the old bot's whole database from a dump, collection by collection, into facts, and
 * accounts for every document. Bad documents never stop it: they are skipped and listed.
 */
public final class LegacyImport {

  /** Told each fact read, with its collection and the id of the document that holds it. */
  @FunctionalInterface
  public interface Facts {
    void fact(String collection, String documentId, Object fact);

    /** Every document of {@code collection} was read. */
    default void collectionRead(String collection) {}
  }

  private final LegacyDump dump;
  private final LegacyRecords records;

  public LegacyImport(Path dump, ZoneId zone) {
    this.dump = new LegacyDump(dump);
    this.records = new LegacyRecords(zone);
  }

  /**
   * Reads every collection; {@code facts} is told each fact of each imported document.
   *
   * @param progress told the number of documents read so far, every 100,000
   */
  public ImportReport read(Facts facts, Consumer<Long> progress) throws IOException {
    return read(new ImportReport(), facts, progress);
  }

  /** Reads every collection into {@code report}, which a writer accounts its answers to. */
  public ImportReport read(ImportReport report, Facts facts, Consumer<Long> progress)
      throws IOException {
    long[] read = {0};
    for (String name : LegacyRecords.COLLECTIONS) {
      Optional<Path> file = dump.fileOf(name);
      ImportReport.Collection collection =
          report.collection(name, file.map(Path::toString).orElse(null));
      if (file.isEmpty()) {
        continue;
      }
      var reader = records.reader(name);
      Set<String> seen = new HashSet<>();
      try {
        read(file.get(), collection, reader, seen, facts, progress, read);
      } catch (IOException e) {
        collection.skipped("unreadable (and the rest of the file): " + e.getMessage(), "the file");
      }
      facts.collectionRead(name);
    }
    return report;
  }

  private static void read(
      Path file,
      ImportReport.Collection collection,
      Function<BsonDocument, LegacyRecords.Outcome> reader,
      Set<String> seen,
      Facts facts,
      Consumer<Long> progress,
      long[] read)
      throws IOException {
    String name = collection.name();
    LegacyDump.read(
        file,
        new LegacyDump.Documents() {
          @Override
          public void document(BsonDocument document) {
            String id = LegacyRecords.idOf(document);
            if (document.containsKey("_id") && !seen.add(id)) {
              collection.skipped("duplicate _id", id);
            } else {
              LegacyRecords.Outcome outcome = reader.apply(document);
              if (outcome.skipped() != null) {
                collection.skipped(outcome.skipped(), id);
              } else {
                collection.imported(outcome.facts().size(), outcome.notes());
                outcome.facts().forEach(fact -> facts.fact(name, id, fact));
              }
            }
            if (++read[0] % 100_000 == 0) {
              progress.accept(read[0]);
            }
          }

          @Override
          public void unreadable(String where, String reason, boolean rest) {
            collection.skipped(
                "unreadable" + (rest ? " (and the rest of the file)" : "") + ": " + reason, where);
          }
        });
  }
}
