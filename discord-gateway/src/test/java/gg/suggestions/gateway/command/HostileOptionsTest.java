package gg.suggestions.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.testing.HostileInput;
import gg.suggestions.testing.HostileInput.Kind;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Hostile text in the options of every slash command: the gateway either refuses it with a message
 * key, before anything is sent, or sends a command the command side accepts as within the
 * platform's limits. It never sends what the command loop would have to refuse as unreadable.
 */
class HostileOptionsTest {

  private static final CommandCodec CODEC = new CommandCodec(EnvelopeCodec.defaultMapper());
  private static final List<String> OPTIONS =
      List.of(
          Options.TEXT,
          Options.ANONYMOUSLY,
          Options.SUGGESTION_ID,
          Options.RESPONSE,
          Options.NOTE,
          Options.USER,
          Options.SETTING,
          Options.ENABLED,
          Options.CHANNEL,
          Options.LOCALE);
  private static final Map<String, String> VALID =
      Map.of(
          Options.TEXT, "Dark mode",
          Options.ANONYMOUSLY, "false",
          Options.SUGGESTION_ID, "k3x9ab2f",
          Options.RESPONSE, "Thanks",
          Options.NOTE, "Soon",
          Options.USER, "923456789012345678",
          Options.SETTING, "keep_logs",
          Options.ENABLED, "true",
          Options.CHANNEL, "774512099823452160",
          Options.LOCALE, "de");

  private final GatewayCommands commands = GatewayCommands.all();

  @Test
  void everyOptionRefusesHostileTextOrSendsACommandWithinTheLimits() {
    long seed = HostileInput.seed();
    Random random = new Random(seed);
    Map<String, int[]> outcomes = new TreeMap<>();
    List<String> names = List.copyOf(commands.names());
    List<Kind> kinds = HostileInput.stringKinds();
    for (int i = 0; i < 3000; i++) {
      String name = names.get(random.nextInt(names.size()));
      String option = OPTIONS.get(random.nextInt(OPTIONS.size()));
      Kind kind = kinds.get(random.nextInt(kinds.size()));
      Map<String, String> options = new HashMap<>(VALID);
      // Commands that take one option of two (a member or an sID) see each alone, too.
      options.keySet().removeIf(o -> random.nextInt(3) == 0);
      options.put(option, HostileInput.text(kind, random));
      String context = "seed " + seed + ", step " + i + ": /" + name + " " + option + "=" + kind;

      boolean sent = sendOrRefuse(request(name, options), context);

      outcomes.computeIfAbsent(kind.name(), k -> new int[2])[sent ? 0 : 1]++;
    }
    System.out.println("Gateway outcomes by kind [sent within limits, refused with a message]:");
    outcomes.forEach((kind, n) -> System.out.println(kind + " " + n[0] + " " + n[1]));
  }

  private boolean sendOrRefuse(SlashRequest request, String context) {
    CommandEnvelope envelope;
    try {
      envelope = commands.envelope(request, "gateway-0");
    } catch (InvalidInput refused) {
      assertThat(refused.key()).as(context).startsWith("input.");
      return false;
    }
    assertThatCode(() -> CODEC.decode(CODEC.encode(envelope)))
        .as(context)
        .doesNotThrowAnyException();
    return true;
  }

  private static SlashRequest request(String name, Map<String, String> options) {
    return new SlashRequest(
        "1187654321098765432",
        name,
        options,
        null,
        "601219766258106399",
        new Actor("223456789012345678", Actor.ADMINISTRATOR, List.of()),
        "da",
        "de",
        Instant.parse("2026-06-01T12:00:00Z"));
  }
}
