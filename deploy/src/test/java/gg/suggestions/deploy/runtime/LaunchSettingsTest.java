package gg.suggestions.deploy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class LaunchSettingsTest {

  @Test
  void nothingSetMeansTheEmbeddedDefault() throws Exception {
    LaunchSettings settings = fromEnvironment(Map.of());

    assertThat(settings.kafka().isExternal()).isFalse();
    assertThat(settings.db().isExternal()).isFalse();
    assertThat(settings.dataDir()).isEqualTo(Path.of("data"));
    assertThat(settings.httpPort()).isEqualTo(8080);
    assertThat(settings.embedded()).isEqualTo(new LaunchSettings.Embedded(9092, 9093, 5433));
  }

  @Test
  void environmentVariablesSwitchToExternalServices() throws Exception {
    LaunchSettings settings =
        fromEnvironment(
            Map.of(
                "SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092",
                "SUGGESTIONS_KAFKA_CONNECT_TIMEOUT", "4s",
                "SUGGESTIONS_DB_URL", "jdbc:postgresql://db/suggestions",
                "SUGGESTIONS_DB_USER", "app",
                "SUGGESTIONS_DB_PASSWORD", "s3cret",
                "SERVER_PORT", "9000"));

    assertThat(settings.kafka().bootstrapServers()).isEqualTo("k1:9092,k2:9092");
    assertThat(settings.kafka().connectTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(settings.db().isExternal()).isTrue();
    assertThat(settings.db().user()).isEqualTo("app");
    assertThat(settings.httpPort()).isEqualTo(9000);
  }

  @Test
  void thePasswordNeverAppearsInTheSettingsText() throws Exception {
    LaunchSettings settings = fromEnvironment(Map.of("SUGGESTIONS_DB_PASSWORD", "s3cret"));

    assertThat(settings.toString()).doesNotContain("s3cret").contains("****");
  }

  @Test
  void aMalformedValueIsAStartupProblemNamingTheSetting() {
    assertThatThrownBy(() -> fromEnvironment(Map.of("SUGGESTIONS_EMBEDDED_KAFKA_PORT", "ninety")))
        .isInstanceOf(StartupProblem.class)
        .hasMessageContaining("suggestions.embedded.kafka-port");
  }

  @Test
  void everyServiceRunsUnlessTheEnvironmentNamesSome() throws Exception {
    assertThat(fromEnvironment(Map.of()).services()).isEqualTo(ServiceSelection.ALL);
    assertThat(fromEnvironment(Map.of("SUGGESTIONS_SERVICES", "query")).services())
        .containsExactly(ServiceSelection.Service.QUERY);
    assertThat(fromEnvironment(Map.of("SUGGESTIONS_SERVICES", "command, Gateway")).services())
        .containsExactlyInAnyOrder(
            ServiceSelection.Service.COMMAND, ServiceSelection.Service.GATEWAY);
  }

  @Test
  void anUnknownOrEmptyServiceListIsAStartupProblem() {
    assertThatThrownBy(() -> fromEnvironment(Map.of("SUGGESTIONS_SERVICES", "command,reader")))
        .isInstanceOf(StartupProblem.class)
        .hasMessageContaining("suggestions.services");
    assertThatThrownBy(() -> fromEnvironment(Map.of("SUGGESTIONS_SERVICES", "")))
        .isInstanceOf(StartupProblem.class)
        .hasMessageContaining("names no service");
  }

  private static LaunchSettings fromEnvironment(Map<String, Object> variables)
      throws StartupProblem {
    var environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    environment
        .getPropertySources()
        .addFirst(
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    return LaunchSettings.from(environment);
  }
}
