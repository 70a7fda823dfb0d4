package gg.suggestions.eventstore.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import gg.suggestions.eventstore.contract.Contracts;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps the analytics contract in {@code docs/events} current: every event type's current version
 * has its JSON Schema there, equal to what the contract record gives, and each schema names exactly
 * the fields of that version's golden file. To rewrite the schemas after a contract change, run
 * {@code ./mvnw -pl event-store test -Dtest=EventSchemasTest -Dsuggestions.docs.update=true}; files
 * of older versions are never rewritten.
 */
class EventSchemasTest {

  private static final Path DOCS = Path.of("..", "docs", "events");
  private static final Path GOLDEN = Path.of("src", "test", "resources", "events");
  private static final ObjectMapper JSON =
      EnvelopeCodec.defaultMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final boolean UPDATE = Boolean.getBoolean("suggestions.docs.update");

  private final EventTypeRegistry registry = EventTypeRegistry.of(Contracts.events());

  @TestFactory
  Stream<DynamicTest> everyCurrentEventVersionHasItsSchema() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String type : registry.types().stream().sorted().toList()) {
      String revision = registry.currentRevision(type);
      tests.add(
          DynamicTest.dynamicTest(type + " v" + revision, () -> hasCurrentSchema(type, revision)));
    }
    return tests.stream();
  }

  private void hasCurrentSchema(String type, String revision) throws Exception {
    JsonNode schema =
        EventSchemas.payloadSchema(type, revision, registry.classOf(type).orElseThrow());
    Path file = DOCS.resolve(type).resolve("v" + revision + ".schema.json");
    if (UPDATE) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, JSON.writeValueAsString(schema) + "\n");
    }

    assertThat(file).as("%s is missing: run with -Dsuggestions.docs.update=true", file).exists();
    assertThat(JSON.readTree(file.toFile()))
        .as("%s is out of date: run with -Dsuggestions.docs.update=true", file)
        .isEqualTo(schema);
    JsonNode golden =
        JSON.readTree(GOLDEN.resolve(type).resolve("v" + revision + ".json").toFile());
    List<String> goldenFields = new ArrayList<>();
    golden.path("payload").fieldNames().forEachRemaining(goldenFields::add);
    List<String> schemaFields = new ArrayList<>();
    schema.path("properties").fieldNames().forEachRemaining(schemaFields::add);
    assertThat(goldenFields).containsExactlyInAnyOrderElementsOf(schemaFields);
  }
}
