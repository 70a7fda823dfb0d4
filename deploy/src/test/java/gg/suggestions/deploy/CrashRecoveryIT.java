package gg.suggestions.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import gg.suggestions.deploy.runtime.LaunchSettings;
import gg.suggestions.deploy.runtime.Platform;
import gg.suggestions.deploy.runtime.RunningPlatform;
import gg.suggestions.deploy.runtime.ServiceSelection;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A platform killed with SIGKILL leaves its PostgreSQL child running on the data folder. The next
 * start stops that server and starts cleanly on the same data, as an operator restarting after a
 * crash would expect.
 */
class CrashRecoveryIT {

  private final Path dataDir = Path.of("target", "it-data", UUID.randomUUID().toString());

  @Test
  void startsAfterAKillNineAndStopsThePostgreSqlItLeftBehind() throws Exception {
    int kafkaPort = freePort();
    int controllerPort = freePort();
    int postgresPort = freePort();
    PlatformProcess crashed = launch(kafkaPort, controllerPort, postgresPort);
    Path pidFile = dataDir.resolve("postgres/postmaster.pid");
    await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(pidFile) && crashed.isReady());

    crashed.kill();
    long stalePid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    assertThat(ProcessHandle.of(stalePid))
        .hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

    var settings =
        new LaunchSettings(
            dataDir,
            0,
            new LaunchSettings.Kafka(null, 3, Duration.ofSeconds(30)),
            new LaunchSettings.Db(null, null, null),
            new LaunchSettings.Embedded(kafkaPort, controllerPort, postgresPort),
            ServiceSelection.ALL);
    try (RunningPlatform platform = Platform.start(settings)) {
      assertThat(ProcessHandle.of(stalePid).map(ProcessHandle::isAlive))
          .isNotEqualTo(java.util.Optional.of(true));
      var jdbc = platform.context().getBean(JdbcTemplate.class);
      assertThat(jdbc.queryForObject("SELECT count(*) FROM crash_marker", Integer.class))
          .isEqualTo(1);
    }
  }

  /**
   * Runs the real launcher as its own process, and leaves a row behind before the crash so the
   * restart can show the data survived.
   */
  private PlatformProcess launch(int kafkaPort, int controllerPort, int postgresPort)
      throws IOException {
    return PlatformProcess.start(
        dataDir.resolve("launch.log"),
        Map.of(
            "SUGGESTIONS_DATA_DIR", dataDir.toString(),
            "SUGGESTIONS_EMBEDDED_KAFKA_PORT", Integer.toString(kafkaPort),
            "SUGGESTIONS_EMBEDDED_KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort),
            "SUGGESTIONS_EMBEDDED_POSTGRES_PORT", Integer.toString(postgresPort)),
        "--spring.sql.init.mode=always",
        "--spring.sql.init.schema-locations=classpath:crash-marker.sql");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
