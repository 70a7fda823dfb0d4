package gg.suggestions.gateway.component;

import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.contract.suggestion.VoteOnSuggestion;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one codec of the bot's button ids: the effects write them on messages, the router reads them
 * back. {@code vote:<up|down>:<sID>} on a suggestion, {@code queue:<approve|reject>:<queue id>} on
 * a channel-queue item. The guild always comes from the interaction, never from the id, so a button
 * cannot act in another guild.
 */
public final class Buttons {

  /** What a queue button asks for. */
  public enum QueueAction {
    APPROVE,
    REJECT
  }

  /** A pressed queue button: approve or reject {@code queueId}. */
  public record QueueResolution(QueueAction action, String queueId) {}

  /**
   * A pager's button: which list ({@code voters} or {@code queue}), whose it is (only they may
   * page), the page to show (-1 closes it) and the list's arguments (an sID and a direction).
   */
  public record Pager(String kind, String ownerId, int page, List<String> arguments) {

    public Pager {
      arguments = List.copyOf(arguments);
    }

    public String id() {
      StringBuilder id =
          new StringBuilder(kind).append(':').append(ownerId).append(':').append(page);
      arguments.forEach(a -> id.append(':').append(a));
      return id.toString();
    }

    /** The same list at another page. */
    public Pager at(int other) {
      return new Pager(kind, ownerId, other, arguments);
    }
  }

  private static final Pattern PAGER =
      Pattern.compile("(voters|queue):([0-9]{1,20}):(-1|[0-9]{1,6})((?::[a-z0-9]{1,8})*)");

  private static final Pattern VOTE = Pattern.compile("vote:(up|down):([a-z0-9]{8})");
  private static final Pattern QUEUE = Pattern.compile("queue:(approve|reject):([a-z0-9]{8})");

  private Buttons() {}

  public static String vote(VoteDirection direction, String suggestionId) {
    return "vote:" + direction.name().toLowerCase(Locale.ROOT) + ":" + suggestionId;
  }

  public static String queue(QueueAction action, String queueId) {
    return "queue:" + action.name().toLowerCase(Locale.ROOT) + ":" + queueId;
  }

  /** The vote a pressed button asks for in {@code guildId}; empty if the id is not a vote's. */
  public static Optional<VoteOnSuggestion> vote(String componentId, String guildId) {
    Matcher match = VOTE.matcher(componentId);
    if (!match.matches() || guildId == null) {
      return Optional.empty();
    }
    return Optional.of(
        new VoteOnSuggestion(
            guildId,
            match.group(2),
            VoteDirection.valueOf(match.group(1).toUpperCase(Locale.ROOT))));
  }

  /** The pager a pressed button belongs to; empty if the id is not a pager's. */
  public static Optional<Pager> pager(String componentId) {
    Matcher match = PAGER.matcher(componentId);
    if (!match.matches()) {
      return Optional.empty();
    }
    String rest = match.group(4);
    List<String> arguments = rest.isEmpty() ? List.of() : List.of(rest.substring(1).split(":"));
    return Optional.of(
        new Pager(match.group(1), match.group(2), Integer.parseInt(match.group(3)), arguments));
  }

  /** The queue resolution a pressed button asks for; empty if the id is not a queue button's. */
  public static Optional<QueueResolution> queueResolution(String componentId) {
    Matcher match = QUEUE.matcher(componentId);
    if (!match.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new QueueResolution(
            QueueAction.valueOf(match.group(1).toUpperCase(Locale.ROOT)), match.group(2)));
  }
}
