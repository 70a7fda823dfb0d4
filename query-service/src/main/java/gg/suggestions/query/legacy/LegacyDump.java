package gg.suggestions.query.legacy;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

/**
 * The old bot's database as {@code mongodump} (a {@code <collection>.bson} file of concatenated
 * BSON documents) or {@code mongoexport} (a {@code <collection>.json} file of Extended JSON,
 * canonical or relaxed, one document per line or one array) left it, anywhere under one folder.
 */
public final class LegacyDump {

  /** BSON's own limit on one document, with room for a dump's padding. */
  private static final int MAX_DOCUMENT = 17 * 1024 * 1024;

  /** Told each document read, or where the file could not be read and why. */
  public interface Documents {
    void document(BsonDocument document);

    /**
     * @param where the line, or byte offset, of what could not be read
     * @param rest true if nothing after it can be read either (a broken BSON stream)
     */
    void unreadable(String where, String reason, boolean rest);
  }

  private final Path root;

  public LegacyDump(Path root) {
    this.root = root;
  }

  /** The file of {@code collection}: its BSON dump if there is one, else its export. */
  public Optional<Path> fileOf(String collection) throws IOException {
    for (String name : new String[] {collection + ".bson", collection + ".json"}) {
      try (Stream<Path> files = Files.walk(root, 3)) {
        Optional<Path> found =
            files
                .filter(Files::isRegularFile)
                .filter(file -> file.getFileName().toString().equals(name))
                .sorted()
                .findFirst();
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  /** Every document of {@code file}, in the file's order. */
  public static void read(Path file, Documents documents) throws IOException {
    if (file.getFileName().toString().endsWith(".bson")) {
      readBson(file, documents);
    } else {
      readJson(file, documents);
    }
  }

  private static void readBson(Path file, Documents documents) throws IOException {
    try (InputStream in = Files.newInputStream(file);
        DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in))) {
      long offset = 0;
      byte[] size = new byte[4];
      while (true) {
        try {
          data.readFully(size);
        } catch (EOFException end) {
          return;
        }
        int length = ByteBuffer.wrap(size).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (length < 5 || length > MAX_DOCUMENT) {
          documents.unreadable(
              "byte " + offset, "a document length of " + length + " bytes is not BSON", true);
          return;
        }
        byte[] bytes = new byte[length];
        System.arraycopy(size, 0, bytes, 0, 4);
        try {
          data.readFully(bytes, 4, length - 4);
        } catch (EOFException truncated) {
          documents.unreadable("byte " + offset, "the file ends inside a document", true);
          return;
        }
        try {
          RawBsonDocument raw = new RawBsonDocument(bytes);
          // Decoding the whole document checks it; a broken one is passed, its length is known.
          documents.document(raw.toBsonDocument());
        } catch (RuntimeException broken) {
          documents.unreadable(
              "byte " + offset, "not a BSON document: " + broken.getMessage(), false);
        }
        offset += length;
      }
    }
  }

  private static void readJson(Path file, Documents documents) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int first;
      do {
        reader.mark(1);
        first = reader.read();
      } while (first != -1 && Character.isWhitespace(first));
      if (first == -1) {
        return;
      }
      reader.reset(); // back to the first character that is not white space
      if (first == '[') {
        readJsonArray(reader, documents);
        return;
      }
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          documents.document(BsonDocument.parse(line));
        } catch (RuntimeException malformed) {
          documents.unreadable(
              "line " + number, "not an Extended JSON document: " + malformed.getMessage(), false);
        }
      }
    }
  }

  private static void readJsonArray(BufferedReader reader, Documents documents) throws IOException {
    StringBuilder text = new StringBuilder();
    char[] buffer = new char[1 << 16];
    for (int read; (read = reader.read(buffer)) != -1; ) {
      text.append(buffer, 0, read);
    }
    BsonArray array;
    try {
      array = BsonArray.parse(text.toString());
    } catch (RuntimeException malformed) {
      documents.unreadable(
          "the array", "not an Extended JSON array: " + malformed.getMessage(), true);
      return;
    }
    int index = 0;
    for (BsonValue value : array) {
      if (value.isDocument()) {
        documents.document(value.asDocument());
      } else {
        documents.unreadable(
            "element " + index, "not a document but " + value.getBsonType(), false);
      }
      index++;
    }
  }
}
