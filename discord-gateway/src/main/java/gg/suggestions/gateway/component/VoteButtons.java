package gg.suggestions.gateway.component;

import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.contract.suggestion.VoteOnSuggestion;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one codec of the vote buttons' component ids, {@code vote:<up|down>:<sID>}: the effects
 * consumer writes them on a suggestion's message, the router reads them back. The guild comes from
 * the interaction, never from the id, so a button cannot vote in another guild.
 */
public final class VoteButtons {

  private static final Pattern ID = Pattern.compile("vote:(up|down):([a-z0-9]{8})");

  private VoteButtons() {}

  public static String id(VoteDirection direction, String suggestionId) {
    return "vote:" + direction.name().toLowerCase(Locale.ROOT) + ":" + suggestionId;
  }

  /** The vote a pressed button asks for in {@code guildId}; empty if the id is not a vote's. */
  public static Optional<VoteOnSuggestion> vote(String componentId, String guildId) {
    Matcher match = ID.matcher(componentId);
    if (!match.matches() || guildId == null) {
      return Optional.empty();
    }
    return Optional.of(
        new VoteOnSuggestion(
            guildId,
            match.group(2),
            VoteDirection.valueOf(match.group(1).toUpperCase(Locale.ROOT))));
  }
}
