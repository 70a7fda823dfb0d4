package gg.suggestions.gateway.read;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the query API answers, as far as the gateway uses it; unknown fields are ignored. */
public final class Views {

  private Views() {}

  /** One suggestion; {@code state} is {@code PENDING}, {@code APPROVED}, ... */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Suggestion(
      Submission submission,
      String state,
      int upVotes,
      int downVotes,
      Note note,
      Resolution resolution,
      Discord discord,
      long lastSequence) {

    public boolean pending() {
      return "PENDING".equals(state);
    }

    public String id() {
      return submission.suggestionId();
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Submission(
      String guildId,
      String suggestionId,
      String authorId,
      String text,
      SuggestionImage image,
      boolean anonymous,
      Instant submittedAt) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Note(String text, String moderatorId) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Resolution(String moderatorId, String response, Instant at) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Discord(
      String channelId, String messageId, String threadId, boolean threadArchived) {}

  /** One queued item; {@code state} is {@code QUEUED}, {@code APPROVED}, ... */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record QueuedItem(
      String guildId,
      String queueId,
      String authorId,
      String text,
      SuggestionImage image,
      boolean anonymous,
      String mode,
      String state,
      Instant queuedAt,
      Resolution resolution,
      String publishedAs,
      String channelId,
      String messageId,
      long lastSequence) {}

  /** A guild's settings with every default filled in. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record GuildSettings(
      String guildId,
      Map<GuildChannel, String> channels,
      Map<GuildToggle, Boolean> toggles,
      List<String> staffRoleIds,
      String locale,
      Limit limit,
      Set<String> blockedUserIds,
      long lastSequence) {

    public String channel(GuildChannel channel) {
      return channels == null ? null : channels.get(channel);
    }

    public boolean on(GuildToggle toggle) {
      return toggles == null
          ? toggle.defaultValue()
          : toggles.getOrDefault(toggle, toggle.defaultValue());
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Limit(int amount, java.time.Duration period) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PersonalSettings(
      String userId, boolean directMessages, boolean threadPings, long lastSequence) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record QueueInfo(Map<String, Long> waiting, boolean queueing, boolean channelQueue) {}
}
