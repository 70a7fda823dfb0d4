package gg.suggestions.testing;

import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.envelope.EventIds;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;

/** Valid events and interactions as the command loop writes them, for tests of their readers. */
public final class TestEvents {

  private static final Instant AT = Instant.parse("2026-06-01T08:00:00Z");

  private TestEvents() {}

  /**
   * {@code count} toggles of {@code guild}'s config from sequence {@code from}, each from its own
   * command {@code <guild>-cmd-<sequence>}, one second apart.
   */
  public static List<EventEnvelope> guildToggles(
      AxonEnvelopes envelopes, String guild, long from, int count) {
    List<EventEnvelope> events = new ArrayList<>();
    for (long seq = from; seq < from + count; seq++) {
      String commandId = guild + "-cmd-" + seq;
      events.add(
          envelopes.toEnvelope(
              new GenericDomainEventMessage<>(
                  "GuildConfig",
                  guild,
                  seq,
                  new GuildToggleSet(guild, GuildToggle.VOTERS_VISIBLE, seq % 2 == 0),
                  MetaData.with("commandId", commandId),
                  EventIds.of(commandId, 0),
                  AT.plusSeconds(seq)),
              guild));
    }
    return events;
  }

  /** The interaction of an accepted {@code SetGuildToggle} in {@code guild}. */
  public static InteractionEnvelope acceptedToggle(String commandId, String guild) {
    return new InteractionEnvelope(
        InteractionEnvelope.SCHEMA,
        commandId,
        "SetGuildToggle",
        guild,
        "1",
        "en-GB",
        "en-GB",
        "accepted",
        5,
        AT,
        ReplyEnvelope.accepted(commandId, AT));
  }
}
