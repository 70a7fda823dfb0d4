package gg.suggestions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.topic.Durability;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.eventstore.topic.TopicSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Docker Compose and Kubernetes manifests say what the code says: the same topics with the same
 * settings, three brokers with two in sync, readiness tied to catch-up, and secrets only by
 * reference. No Docker engine or cluster runs here, so this is their check.
 */
class ManifestsTest {

  private static final Path COMPOSE = Path.of("compose", "compose.yaml");
  private static final Path K8S = Path.of("k8s");

  @Test
  void everyTopicIsDeclaredAsTheCodeDefinesIt() throws IOException {
    Map<String, Map<String, Object>> declared = new HashMap<>();
    for (Map<String, Object> topic : documents(K8S.resolve("topics.yaml"))) {
      assertThat(topic.get("kind")).isEqualTo("KafkaTopic");
      declared.put(name(topic), map(topic.get("spec")));
    }

    assertThat(declared.keySet())
        .containsExactlyInAnyOrderElementsOf(
            SuggestionTopics.all().stream().map(TopicSpec::name).toList());
    for (TopicSpec topic : SuggestionTopics.all()) {
      Map<String, Object> spec = declared.get(topic.name());
      Map<String, Object> config = map(spec.get("config"));
      assertThat(spec.get("partitions")).as(topic.name()).isEqualTo(topic.partitions());
      assertThat(spec.get("replicas"))
          .as(topic.name())
          .isEqualTo((int) Durability.PRODUCTION.replicationFactor());
      assertThat(config.get("min.insync.replicas"))
          .as(topic.name())
          .isEqualTo(Integer.toString(Durability.PRODUCTION.minInsyncReplicas()));
      topic
          .configs()
          .forEach(
              (key, value) ->
                  assertThat(config.get(key)).as(topic.name() + " " + key).isEqualTo(value));
    }
  }

  @Test
  void theClusterHasThreeNodesTwoInSyncAndNoUncleanElection() throws IOException {
    List<Map<String, Object>> kafka = documents(K8S.resolve("kafka.yaml"));
    Map<String, Object> pool = ofKind(kafka, "KafkaNodePool");
    Map<String, Object> config =
        map(map(map(ofKind(kafka, "Kafka").get("spec")).get("kafka")).get("config"));

    assertThat(map(pool.get("spec")).get("replicas")).isEqualTo(3);
    assertThat(config)
        .containsEntry("default.replication.factor", 3)
        .containsEntry("min.insync.replicas", 2)
        .containsEntry("unclean.leader.election.enable", false)
        .containsEntry("transaction.state.log.min.isr", 2);
  }

  @Test
  void theDeploymentIsReadyOnlyWhenCaughtUpAndTakesSecretsByReference() throws IOException {
    Map<String, Object> deployment =
        ofKind(documents(K8S.resolve("suggestions.yaml")), "Deployment");
    Map<String, Object> container =
        map(
            list(map(map(map(deployment.get("spec")).get("template")).get("spec"))
                    .get("containers"))
                .get(0));
    Map<String, Map<String, Object>> env =
        list(container.get("env")).stream()
            .map(ManifestsTest::map)
            .collect(Collectors.toMap(e -> (String) e.get("name"), e -> e));

    assertThat(map(map(container.get("readinessProbe")).get("httpGet")).get("path"))
        .isEqualTo("/actuator/health/readiness");
    assertThat(env).containsKeys("SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS", "SUGGESTIONS_DB_URL");
    for (String secret :
        Set.of(
            "SUGGESTIONS_DB_PASSWORD",
            "SUGGESTIONS_API_TOKEN",
            "SUGGESTIONS_MASTER_KEY",
            "DISCORD_TOKEN")) {
      assertThat(env.get(secret)).as(secret).doesNotContainKey("value").containsKey("valueFrom");
    }
  }

  @Test
  void composeScrapesThePlatformWithTheTokenFromTheEnvironmentOnly() throws IOException {
    Map<String, Object> compose = documents(COMPOSE).get(0);
    Map<String, Object> services = map(compose.get("services"));
    assertThat(map(services.get("prometheus")).get("secrets")).isEqualTo(List.of("api_token"));
    assertThat(map(map(compose.get("secrets")).get("api_token")))
        .containsEntry("environment", "SUGGESTIONS_API_TOKEN");
    assertThat(Files.readString(Path.of("observability", "prometheus.yml")))
        .contains("credentials_file: /run/secrets/api_token", "/actuator/prometheus");
    Map<String, Object> monitor = documents(K8S.resolve("monitoring.yaml")).get(0);
    assertThat(monitor.get("kind")).isEqualTo("ServiceMonitor");
    Map<String, Object> endpoint =
        map(((List<?>) map(monitor.get("spec")).get("endpoints")).get(0));
    assertThat(endpoint)
        .containsEntry("path", "/actuator/prometheus")
        .containsEntry("port", "http");
  }

  @Test
  void composeRunsThreeBrokersThatTheServiceUsesAllOf() throws IOException {
    Map<String, Object> services = map(documents(COMPOSE).get(0).get("services"));
    List<String> brokers = new ArrayList<>();
    for (var entry : services.entrySet()) {
      Object environment0 = map(entry.getValue()).get("environment");
      Map<String, Object> environment = environment0 == null ? Map.of() : map(environment0);
      if (environment.containsKey("KAFKA_NODE_ID")) {
        brokers.add(entry.getKey());
        assertThat(environment)
            .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
            .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
            .containsEntry("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false");
        assertThat((String) environment.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
            .contains("1@kafka-1", "2@kafka-2", "3@kafka-3");
      }
    }
    Map<String, Object> platform = map(map(services.get("suggestions")).get("environment"));

    assertThat(brokers).containsExactlyInAnyOrder("kafka-1", "kafka-2", "kafka-3");
    assertThat(((String) platform.get("SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS")).split(","))
        .containsExactlyInAnyOrder("kafka-1:9092", "kafka-2:9092", "kafka-3:9092");
    assertThat(platform.get("SUGGESTIONS_KAFKA_REPLICATION_FACTOR")).isEqualTo("3");
    for (String secret :
        List.of(
            "SUGGESTIONS_DB_PASSWORD",
            "SUGGESTIONS_API_TOKEN",
            "SUGGESTIONS_MASTER_KEY",
            "DISCORD_TOKEN")) {
      assertThat((String) platform.get(secret)).as(secret).startsWith("${");
    }
  }

  private static List<Map<String, Object>> documents(Path file) throws IOException {
    List<Map<String, Object>> documents = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file)) {
      for (Object document : new Yaml().loadAll(reader)) {
        documents.add(map(document));
      }
    }
    return documents;
  }

  private static Map<String, Object> ofKind(List<Map<String, Object>> documents, String kind) {
    return documents.stream().filter(d -> kind.equals(d.get("kind"))).findFirst().orElseThrow();
  }

  private static String name(Map<String, Object> resource) {
    return (String) map(resource.get("metadata")).get("name");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }
}
