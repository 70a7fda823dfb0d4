package gg.suggestions.eventstore.replica;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** The topics a replica was built from ({@code cmd.replica_source}), by Kafka's topic ids. */
final class ReplicaSources {

  private ReplicaSources() {}

  static Map<String, String> recorded(Connection c) throws SQLException {
    Map<String, String> recorded = new HashMap<>();
    try (Statement select = c.createStatement();
        ResultSet rows = select.executeQuery("SELECT topic, topic_id FROM cmd.replica_source")) {
      while (rows.next()) {
        recorded.put(rows.getString(1), rows.getString(2));
      }
    }
    return recorded;
  }

  static boolean holdsData(Connection c) throws SQLException {
    try (Statement select = c.createStatement();
        ResultSet row =
            select.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM cmd.replica_checkpoint)"
                    + " OR EXISTS (SELECT 1 FROM cmd.interaction_checkpoint)")) {
      return row.next() && row.getBoolean(1);
    }
  }

  static void record(Connection c, Map<String, String> topicIds) throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO cmd.replica_source (topic, topic_id) VALUES (?, ?)"
                + " ON CONFLICT (topic) DO UPDATE SET topic_id = EXCLUDED.topic_id")) {
      for (var source : topicIds.entrySet()) {
        insert.setString(1, source.getKey());
        insert.setString(2, source.getValue());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
