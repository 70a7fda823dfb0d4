package gg.suggestions.command;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.suggestion.QueuedSuggestion;
import gg.suggestions.command.suggestion.Suggestion;
import gg.suggestions.command.userconfig.UserConfig;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannelSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.contract.guildconfig.MemberBlocked;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildLocale;
import gg.suggestions.eventstore.contract.guildconfig.StaffRolesSet;
import gg.suggestions.eventstore.contract.guildconfig.SubmissionAdmitted;
import gg.suggestions.eventstore.contract.guildconfig.SuggestionLimitSet;
import gg.suggestions.eventstore.contract.suggestion.QueueMode;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionMessagePosted;
import gg.suggestions.eventstore.contract.suggestion.RecordQueuedSuggestionMessage;
import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import gg.suggestions.eventstore.contract.suggestion.SuggestionMessagePosted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionNoteAdded;
import gg.suggestions.eventstore.contract.suggestion.SuggestionQueued;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionThreadCreated;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.contract.suggestion.VoteOnSuggestion;
import gg.suggestions.eventstore.contract.userconfig.DirectMessagesSet;
import gg.suggestions.eventstore.contract.userconfig.SetThreadPings;
import gg.suggestions.eventstore.registry.EventSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/**
 * Every aggregate, with every kind of state it holds, survives its snapshot: written with the
 * snapshot serializer and read back, it is field for field the same, under its {@code @Revision}.
 */
class SnapshotFormatTest {

  private static final String GUILD = "601219766258106399";
  private static final Actor ADMIN = new Actor("1", Actor.ADMINISTRATOR, List.of());
  private static final Actor MEMBER = new Actor("11", 0, List.of());
  private static final SuggestionImage IMAGE =
      new SuggestionImage("https://cdn.discordapp.com/a/b/mockup.png", "mockup.png", 1_000);

  private final Serializer snapshots = EventSerialization.snapshotSerializer();

  @Test
  void aSuggestionWithVotesANoteAndItsDiscordIds() {
    new AggregateTestFixture<>(Suggestion.class)
        .given(
            new SuggestionSubmitted(GUILD, "k3x9ab2f", "10", "Idea", IMAGE, true),
            new VoteCast(GUILD, "k3x9ab2f", "12", VoteDirection.DOWN),
            new SuggestionNoteAdded(GUILD, "k3x9ab2f", "1", "Planned"),
            new SuggestionMessagePosted(
                GUILD, "k3x9ab2f", "701219766258106399", "801219766258106399"),
            new SuggestionThreadCreated(GUILD, "k3x9ab2f", "901219766258106399"))
        .when(new VoteOnSuggestion(GUILD, "k3x9ab2f", VoteDirection.UP), as(MEMBER))
        .expectState(this::survivesItsSnapshot);
  }

  @Test
  void aGuildConfigWithEverySetting() {
    Instant now = Instant.parse("2026-06-01T12:00:00Z");
    new AggregateTestFixture<>(GuildConfig.class)
        .given(
            new GuildChannelSet(GUILD, GuildChannel.SUGGESTIONS, "701219766258106399"),
            new GuildToggleSet(GUILD, GuildToggle.SUGGESTION_QUEUE, true),
            new StaffRolesSet(GUILD, List.of("801219766258106399")),
            new SuggestionLimitSet(GUILD, 2, Duration.ofMinutes(10)),
            new MemberBlocked(GUILD, "13", "1"),
            new SubmissionAdmitted(GUILD, "10", "k3x9ab2f", now),
            new SubmissionAdmitted(GUILD, "10", "k3x9ab2g", now.plusSeconds(5)))
        .when(new SetGuildLocale(GUILD, "de"), as(ADMIN))
        .expectState(this::survivesItsSnapshot);
  }

  @Test
  void aQueuedSuggestionWithItsMessage() {
    new AggregateTestFixture<>(QueuedSuggestion.class)
        .given(
            new SuggestionQueued(GUILD, "q7m2x9ab", "10", "Idea", IMAGE, false, QueueMode.CHANNEL))
        .when(
            new RecordQueuedSuggestionMessage(
                GUILD, "q7m2x9ab", "701219766258106399", "801219766258106399"))
        .expectEvents(
            new QueuedSuggestionMessagePosted(
                GUILD, "q7m2x9ab", "701219766258106399", "801219766258106399"))
        .expectState(this::survivesItsSnapshot);
  }

  @Test
  void aUserConfig() {
    new AggregateTestFixture<>(UserConfig.class)
        .given(new DirectMessagesSet(MEMBER.userId(), false))
        .when(new SetThreadPings(MEMBER.userId(), false), as(MEMBER))
        .expectState(this::survivesItsSnapshot);
  }

  private void survivesItsSnapshot(Object aggregate) {
    SerializedObject<byte[]> written = snapshots.serialize(aggregate, byte[].class);
    Object read = snapshots.deserialize(written);

    assertThat(written.getType().getRevision())
        .isEqualTo(aggregate.getClass().getAnnotation(Revision.class).value());
    assertThat(read).usingRecursiveComparison().isEqualTo(aggregate);
    assertThat(read).isNotSameAs(aggregate);
  }

  private static MetaData as(Actor actor) {
    return MetaData.with(GuildConfig.ACTOR, actor);
  }
}
