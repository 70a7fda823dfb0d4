package gg.suggestions.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.registry.EventTypeRegistry;
import gg.suggestions.eventstore.registry.LogicalTypeSerializer;
import gg.suggestions.eventstore.upcast.EventUpcasters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every published event version stays readable forever: each file under {@code
 * src/test/resources/events/<Type>/v<N>.json} is a stored envelope that must read, through the
 * codec and the upcasters, as the current contract class. New versions add files; old files are
 * never edited.
 */
class GoldenEventsTest {

  private static final Path GOLDEN = Path.of("src", "test", "resources", "events");

  private final ObjectMapper mapper = EnvelopeCodec.defaultMapper();
  private final EnvelopeCodec codec = new EnvelopeCodec(mapper);
  private final EventTypeRegistry registry = EventTypeRegistry.of(Contracts.events());
  private final AxonEnvelopes envelopes =
      new AxonEnvelopes(
          LogicalTypeSerializer.create(registry, mapper), EventUpcasters.chain(), mapper);

  @TestFactory
  Stream<DynamicTest> everyStoredVersionReadsAsTheCurrentContract() throws Exception {
    return goldenFiles()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    GOLDEN.relativize(file).toString(), () -> readsAsCurrent(file)));
  }

  @Test
  void everyEventTypeHasAGoldenFileOfItsCurrentVersion() {
    for (String type : registry.types()) {
      Path current = GOLDEN.resolve(type).resolve("v" + registry.currentRevision(type) + ".json");

      assertThat(current).as("golden file of %s", type).exists();
    }
  }

  private void readsAsCurrent(Path file) throws Exception {
    EventEnvelope stored = codec.decode(Files.readAllBytes(file));
    String type = file.getParent().getFileName().toString();
    assertThat(stored.type()).isEqualTo(type);
    assertThat("v" + stored.version() + ".json").isEqualTo(file.getFileName().toString());

    List<DomainEventMessage<?>> messages = envelopes.toMessages(stored);

    assertThat(messages)
        .singleElement()
        .satisfies(
            message -> {
              assertThat(message.getPayload()).isInstanceOf(registry.classOf(type).orElseThrow());
              assertThat(message.getIdentifier()).isEqualTo(stored.eventId());
              assertThat(message.getMetaData())
                  .containsEntry("commandId", stored.metadata().commandId());
            });
    if (Integer.toString(stored.version()).equals(registry.currentRevision(type))) {
      JsonNode written = mapper.valueToTree(messages.get(0).getPayload());
      // Numbers compare by value: a long field writes a LongNode, the file reads as an IntNode.
      assertThat(written.equals(SAME_NUMBERS, stored.payload()))
          .as("%s as written now:%n%s", file, written)
          .isTrue();
    }
  }

  private static final java.util.Comparator<JsonNode> SAME_NUMBERS =
      (a, b) ->
          a.equals(b)
                  || (a.isNumber()
                      && b.isNumber()
                      && a.decimalValue().compareTo(b.decimalValue()) == 0)
              ? 0
              : 1;

  private static Stream<Path> goldenFiles() throws Exception {
    try (Stream<Path> files = Files.walk(GOLDEN)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
    }
  }
}
