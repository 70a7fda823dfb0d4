package gg.suggestions.command.guildconfig;

import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.suggestion.QueueMode;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.modelling.command.Repository;

/**
 * The part of a guild's configuration a new suggestion must satisfy.
 *
 * @param hasSuggestionsChannel whether suggestions have somewhere to go
 * @param allowsAnonymity whether authors may hide their name
 * @param allowsImages whether a suggestion may carry an image
 * @param blockedUserIds members who may not submit here
 * @param queueMode how new suggestions are reviewed before publication, or {@code null} if they are
 *     published at once
 * @param hasQueueChannel whether channel-queue items have somewhere to go
 */
public record SubmissionRules(
    boolean hasSuggestionsChannel,
    boolean allowsAnonymity,
    boolean allowsImages,
    Set<String> blockedUserIds,
    QueueMode queueMode,
    boolean hasQueueChannel) {

  public SubmissionRules {
    blockedUserIds = Set.copyOf(blockedUserIds);
  }

  /** Rules of a guild without a queue. */
  public SubmissionRules(
      boolean hasSuggestionsChannel,
      boolean allowsAnonymity,
      boolean allowsImages,
      Set<String> blockedUserIds) {
    this(hasSuggestionsChannel, allowsAnonymity, allowsImages, blockedUserIds, null, false);
  }

  public boolean isBlocked(String userId) {
    return blockedUserIds.contains(userId);
  }

  /** A guild nobody has configured: no suggestions channel, so no suggestions yet. */
  public static final SubmissionRules UNCONFIGURED =
      new SubmissionRules(
          false,
          GuildToggle.ANONYMOUS_SUGGESTIONS.defaultValue(),
          GuildToggle.IMAGES_IN_SUGGESTIONS.defaultValue(),
          Set.of());

  /** The rules of the guild whose config is {@code guildConfigs}' {@code guildId}. */
  public static Function<String, SubmissionRules> readingFrom(
      Repository<GuildConfig> guildConfigs) {
    return guildId ->
        GuildConfig.read(guildConfigs, guildId, GuildConfig::submissionRules, UNCONFIGURED);
  }
}
