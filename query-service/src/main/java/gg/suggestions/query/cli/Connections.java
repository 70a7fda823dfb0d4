package gg.suggestions.query.cli;

import gg.suggestions.eventstore.privacy.KeyRing;
import gg.suggestions.eventstore.privacy.MasterKeys;
import gg.suggestions.eventstore.privacy.Sealing;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Option;

/**
 * Where the log and the projections are: the same settings as the platform's, from the same
 * environment variables; the embedded default's addresses otherwise. The database password is read
 * from {@code SUGGESTIONS_DB_PASSWORD} only, never from the command line.
 */
final class Connections {

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "${env:SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
      description =
          "Kafka brokers (default: $SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE})")
  String bootstrapServers;

  @Option(
      names = "--db-url",
      defaultValue = "${env:SUGGESTIONS_DB_URL:-jdbc:postgresql://127.0.0.1:5433/suggestions}",
      description = "PostgreSQL JDBC URL (default: $SUGGESTIONS_DB_URL or ${DEFAULT-VALUE})")
  String dbUrl;

  @Option(
      names = "--db-user",
      defaultValue = "${env:SUGGESTIONS_DB_USER:-postgres}",
      description = "PostgreSQL user (default: $SUGGESTIONS_DB_USER or ${DEFAULT-VALUE})")
  String dbUser;

  Map<String, Object> kafka() {
    return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
  }

  /**
   * Opens members' sealed fields in what this command reads, when the master key is set ({@code
   * SUGGESTIONS_MASTER_KEY} or {@code SUGGESTIONS_MASTER_KEY_FILE}); without it they read as
   * "[removed]" and a forgotten member's id as their pseudonym, as after forgetting.
   */
  void openSealedFields() {
    SecureRandom random = new SecureRandom();
    Optional<MasterKeys> masters;
    try {
      masters = MasterKeys.fromEnvironment(System.getenv(), random);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    if (masters.isPresent()) {
      KeyRing ring = KeyRing.connect(kafka(), masters.get(), random, Duration.ofSeconds(30));
      Sealing.install(Sealing.with(ring, random));
    }
  }

  DataSource database() {
    var dataSource = new PGSimpleDataSource();
    dataSource.setURL(dbUrl);
    dataSource.setUser(dbUser);
    String password = System.getenv("SUGGESTIONS_DB_PASSWORD");
    if (password != null) {
      dataSource.setPassword(password);
    }
    return dataSource;
  }
}
