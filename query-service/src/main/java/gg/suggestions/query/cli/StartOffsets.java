package gg.suggestions.query.cli;

import gg.suggestions.eventstore.limits.Limits;
import gg.suggestions.eventstore.log.KafkaEventLogSource;
import gg.suggestions.eventstore.log.KafkaTrackingToken;
import gg.suggestions.query.ProjectionCatalog;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/** {@code --from}: an instant, or offsets per partition; absent, the beginning of the log. */
final class StartOffsets {

  private StartOffsets() {}

  static Map<Integer, Long> parse(String from, Map<String, Object> kafka, String topic) {
    if (from == null || from.isBlank()) {
      return Map.of();
    }
    if (from.contains(":") && !from.contains("T")) {
      return offsets(from);
    }
    try {
      Instant at = Instant.parse(from);
      var source = new KafkaEventLogSource(kafka, topic, ProjectionCatalog.recordsOf(topic));
      return ((KafkaTrackingToken) source.createTokenAt(at)).offsets();
    } catch (DateTimeParseException e) {
      throw new UsageError(
          "--from must be an instant such as 2026-06-01T00:00:00Z or offsets such as 0:120,3:77");
    }
  }

  private static Map<Integer, Long> offsets(String text) {
    Map<Integer, Long> offsets = new HashMap<>();
    for (String pair : text.split(",")) {
      String[] parts = pair.trim().split(":");
      try {
        if (parts.length != 2) {
          throw new NumberFormatException(pair);
        }
        int partition = Integer.parseInt(parts[0]);
        long offset = Long.parseLong(parts[1]);
        if (partition < 0 || offset < 0) {
          throw new NumberFormatException(pair);
        }
        offsets.put(partition, offset);
      } catch (NumberFormatException e) {
        throw new UsageError(
            "--from offsets are partition:offset pairs such as 0:120,3:77; "
                + Limits.quote(pair)
                + " is not");
      }
    }
    return offsets;
  }
}
