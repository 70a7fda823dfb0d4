package gg.suggestions.eventstore.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.MalformedCommandException;
import gg.suggestions.testing.HostileInput;
import gg.suggestions.testing.HostileInput.Kind;
import gg.suggestions.testing.SampleCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CommandLimitsTest {

  private static final CommandCodec CODEC = new CommandCodec(EnvelopeCodec.defaultMapper());
  private static final Pattern STORED_ID = Pattern.compile("[0-9]{1,20}");

  @Test
  void acceptsAValidCommandOfEveryType() {
    SampleCommands.all()
        .forEach(
            (type, envelope) ->
                assertThat(CODEC.decode(bytes(envelope)).type()).as(type).isEqualTo(type));
  }

  /**
   * Spoils one field of one command at a time with a hostile value. Whatever the codec accepts can
   * be stored by every reader (no NUL or control character, no unpaired surrogate, ids of at most
   * 20 digits, text within the limit); whatever it refuses is refused with a short, printable
   * problem that names the field. Nothing else may happen.
   */
  @Test
  void everyHostileValueInEveryFieldIsRefusedByNameOrIsStorable() {
    long seed = HostileInput.seed();
    Random random = new Random(seed);
    Map<String, int[]> outcomes = new TreeMap<>();
    for (int i = 0; i < 3000; i++) {
      var sample = randomSample(random);
      String path = randomPath(sample, random);
      HostileInput.Value value = HostileInput.any(random);
      set(sample, path, value.json());
      String context = "seed " + seed + ", step " + i + ": " + path + " = " + value;

      boolean accepted = decodeAndCheck(sample, path, context);

      outcomes.computeIfAbsent(value.kind().name(), k -> new int[2])[accepted ? 0 : 1]++;
    }
    System.out.println("Outcomes by kind [accepted, refused]:");
    outcomes.forEach(
        (kind, counts) -> System.out.println(kind + " " + counts[0] + " " + counts[1]));
  }

  private static boolean decodeAndCheck(ObjectNode sample, String path, String context) {
    try {
      CommandEnvelope command = CODEC.decode(bytes(sample));
      assertStorable(CODEC.encode(command), command, context);
      return true;
    } catch (MalformedCommandException refused) {
      assertThat(refused.problems()).as(context).contains(lastSegment(path));
      assertThat(refused.problems().length()).as(context).isLessThan(2000);
      assertThat(Limits.firstForbidden(refused.problems())).as(context).isEqualTo(-1);
      return false;
    }
  }

  private static void assertStorable(byte[] encoded, CommandEnvelope command, String context) {
    assertThat(encoded.length).as(context).isLessThanOrEqualTo(Limits.COMMAND_MAX_BYTES);
    if (command.guildId() != null) {
      assertThat(command.guildId()).as(context).matches(STORED_ID);
    }
    assertThat(command.actor().userId()).as(context).matches(STORED_ID);
    assertThat(command.commandId().length()).as(context).isLessThanOrEqualTo(Limits.TOKEN_MAX);
    List<String> strings = new ArrayList<>();
    collectStrings(EnvelopeCodec.defaultMapper().valueToTree(command), strings);
    for (String s : strings) {
      assertThat(Limits.firstForbidden(s)).as(context + ": " + Limits.quote(s)).isEqualTo(-1);
      assertThat(s.length()).as(context).isLessThanOrEqualTo(Limits.TEXT_MAX);
    }
  }

  @Nested
  class TheCasesThatStoppedThePlatform {

    @Test
    void aThreeHundredDigitGuildIdIsRefusedByName() {
      var e =
          refused("SetGuildToggle", "guildId", HostileInput.text(Kind.DIGITS_300, new Random()));

      assertThat(e.problems()).contains("guildId must be a Discord id");
      assertThat(e.replyTo()).contains("gateway-0");
    }

    @Test
    void aNulByteInAGuildIdIsRefused() {
      var e = refused("SetGuildToggle", "guildId", "6012\u000019766258106399");

      assertThat(e.problems()).contains("guildId").contains("\\u0000").doesNotContain("\u0000");
    }

    @Test
    void guildIdsThatAreNotSnowflakesAreRefused() {
      for (String id : List.of("' OR '1'='1", "\ud83d\udc4d", "null", "-1", "A".repeat(5000))) {
        assertThat(refused("SetGuildToggle", "guildId", id).problems()).as(id).contains("guildId");
      }
    }

    @Test
    void aHundredKilobyteTypeIsRefusedWithAShortAnswer() {
      var e = refused("SetGuildToggle", "type", "T".repeat(100_000));

      assertThat(e.problems()).contains("type is not a command type").hasSizeLessThan(200);
    }

    @Test
    void negativePermissionsWhoseBitsWouldIncludeAdministratorAreRefused() {
      ObjectNode sample = SampleCommands.all().get("SetGuildToggle");
      ((ObjectNode) sample.get("actor")).put("permissions", -1);

      var e =
          catchThrowableOfType(MalformedCommandException.class, () -> CODEC.decode(bytes(sample)));

      assertThat(e.problems()).contains("actor.permissions");
    }

    @Test
    void aCommandIdOverTheLimitIsNotAnsweredUnderThatId() {
      var e = refused("SetGuildToggle", "commandId", "c".repeat(200));

      assertThat(e.commandId()).isEmpty();
      assertThat(e.replyTo()).contains("gateway-0");
    }
  }

  private static MalformedCommandException refused(String type, String field, String value) {
    ObjectNode sample = SampleCommands.all().get(type);
    sample.put(field, value);
    ((ObjectNode) sample.get("payload")).put(field, value);
    return catchThrowableOfType(MalformedCommandException.class, () -> CODEC.decode(bytes(sample)));
  }

  private static ObjectNode randomSample(Random random) {
    List<ObjectNode> samples = List.copyOf(SampleCommands.all().values());
    return samples.get(random.nextInt(samples.size()));
  }

  /** A field of the envelope, its actor or its payload, or a new field of the payload. */
  private static String randomPath(ObjectNode sample, Random random) {
    List<String> paths = new ArrayList<>(List.of("commandId", "type", "guildId", "locale"));
    paths.addAll(List.of("guildLocale", "replyTo", "actor.userId", "actor.permissions"));
    paths.add("actor.roleIds");
    sample.get("payload").fieldNames().forEachRemaining(f -> paths.add("payload." + f));
    paths.add("payload.unknownField");
    return paths.get(random.nextInt(paths.size()));
  }

  private static void set(ObjectNode sample, String path, JsonNode value) {
    int dot = path.indexOf('.');
    ObjectNode parent = dot < 0 ? sample : (ObjectNode) sample.get(path.substring(0, dot));
    parent.set(path.substring(dot + 1), value);
    if (path.equals("payload.guildId") || path.equals("guildId")) {
      // Keep the two guild ids equal, so the value itself, not their mismatch, is on trial.
      sample.set("guildId", value);
      ((ObjectNode) sample.get("payload")).set("guildId", value);
    }
  }

  private static String lastSegment(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  private static void collectStrings(JsonNode node, List<String> into) {
    if (node.isTextual()) {
      into.add(node.asText());
    }
    node.fieldNames().forEachRemaining(into::add);
    node.elements().forEachRemaining(child -> collectStrings(child, into));
  }

  /**
   * The envelope as a requester may send it: with every non-ASCII character escaped, so that a lone
   * surrogate reaches the codec as {@code \\ud83d} instead of being replaced while encoding.
   */
  private static byte[] bytes(ObjectNode envelope) {
    try {
      return ESCAPING.writeValueAsBytes(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final ObjectMapper ESCAPING =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
}
