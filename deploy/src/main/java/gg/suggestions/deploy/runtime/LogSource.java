package gg.suggestions.deploy.runtime;

import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Which log a database was built from: Kafka's ids of the event and interaction topics, kept in the
 * database on the first start. A database built from another cluster, or from topics deleted and
 * created again, holds projections of events this log does not have, and its consumers' offsets
 * point past this log's ends; starting on it would serve suggestions that do not exist. Such a
 * start is refused with what to do instead.
 */
final class LogSource {

  static final String TABLE = "public.suggestions_log_source";
  private static final List<String> TOPICS =
      List.of(SuggestionTopics.EVENTS, SuggestionTopics.INTERACTIONS);

  private LogSource() {}

  /**
   * Records the log's topic ids in the database at {@code url}, or checks them against the ones
   * recorded there.
   *
   * @throws StartupProblem if the database was built from another log
   */
  static void requireSameLog(
      Admin admin, String servers, String url, String user, String password, String where)
      throws StartupProblem, InterruptedException {
    Map<String, String> current = topicIds(admin, servers);
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      Map<String, String> recorded = recorded(c);
      for (String topic : TOPICS) {
        String was = recorded.get(topic);
        if (was != null && !was.equals(current.get(topic))) {
          throw new StartupProblem(anotherLog(topic, was, current.get(topic), servers, where));
        }
      }
      record(c, current);
    } catch (SQLException e) {
      throw new StartupProblem("Cannot check which log " + where + " was built from: " + e, e);
    }
  }

  private static String anotherLog(
      String topic, String was, String now, String servers, String where) {
    return where
        + " was built from another log: its "
        + topic
        + " had topic id "
        + was
        + ", the one at "
        + servers
        + " has "
        + now
        + ". Give this cluster its own database (SUGGESTIONS_DATA_DIR for the embedded one,"
        + " SUGGESTIONS_DB_URL otherwise), or empty that database to rebuild it from this log";
  }

  private static Map<String, String> topicIds(Admin admin, String servers)
      throws StartupProblem, InterruptedException {
    try {
      Map<String, TopicDescription> described =
          admin.describeTopics(TOPICS).allTopicNames().get(30, TimeUnit.SECONDS);
      Map<String, String> ids = new HashMap<>();
      described.forEach((name, topic) -> ids.put(name, topic.topicId().toString()));
      return ids;
    } catch (ExecutionException | TimeoutException e) {
      throw new StartupProblem("Cannot read the topic ids of the log at " + servers, e);
    }
  }

  private static Map<String, String> recorded(Connection c) throws SQLException {
    try (var statement = c.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS "
              + TABLE
              + " (topic text PRIMARY KEY, topic_id text NOT NULL)");
    }
    Map<String, String> recorded = new HashMap<>();
    try (var statement = c.createStatement();
        var rows = statement.executeQuery("SELECT topic, topic_id FROM " + TABLE)) {
      while (rows.next()) {
        recorded.put(rows.getString(1), rows.getString(2));
      }
    }
    return recorded;
  }

  private static void record(Connection c, Map<String, String> current) throws SQLException {
    try (var insert =
        c.prepareStatement(
            "INSERT INTO " + TABLE + " (topic, topic_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      for (var topic : current.entrySet()) {
        insert.setString(1, topic.getKey());
        insert.setString(2, topic.getValue());
        insert.executeUpdate();
      }
    }
  }
}
