package gg.suggestions.command;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.suggestion.QueuedSuggestion;
import gg.suggestions.command.suggestion.Suggestion;
import gg.suggestions.command.userconfig.UserConfig;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannelSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildLocaleSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.contract.guildconfig.MemberBlocked;
import gg.suggestions.eventstore.contract.guildconfig.StaffRolesSet;
import gg.suggestions.eventstore.contract.guildconfig.SubmissionAdmitted;
import gg.suggestions.eventstore.contract.guildconfig.SuggestionLimitSet;
import gg.suggestions.eventstore.contract.suggestion.QueueMode;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionMessagePosted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import gg.suggestions.eventstore.contract.suggestion.SuggestionMessagePosted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionNoteAdded;
import gg.suggestions.eventstore.contract.suggestion.SuggestionQueued;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionThreadCreated;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.contract.userconfig.DirectMessagesSet;
import gg.suggestions.eventstore.contract.userconfig.ThreadPingsSet;
import gg.suggestions.eventstore.registry.EventSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * Every aggregate, with every kind of state it holds, survives its snapshot: written with the
 * snapshot serializer and read back, it is field for field the same, under its {@code @Revision}.
 */
class SnapshotFormatTest {

  private static final String GUILD = "601219766258106399";
  private static final Actor MEMBER = new Actor("11", 0, List.of());
  private static final SuggestionImage IMAGE =
      new SuggestionImage("https://cdn.discordapp.com/a/b/mockup.png", "mockup.png", 1_000);

  private final Serializer snapshots = EventSerialization.snapshotSerializer();

  @Test
  void aSuggestionWithVotesANoteAndItsDiscordIds() {
    survivesItsSnapshot(
        replayed(
            Suggestion.class,
            GUILD + "/k3x9ab2f",
            new SuggestionSubmitted(GUILD, "k3x9ab2f", "10", "Idea", IMAGE, true),
            new VoteCast(GUILD, "k3x9ab2f", "12", VoteDirection.DOWN),
            new VoteCast(GUILD, "k3x9ab2f", MEMBER.userId(), VoteDirection.UP),
            new SuggestionNoteAdded(GUILD, "k3x9ab2f", "1", "Planned"),
            new SuggestionMessagePosted(
                GUILD, "k3x9ab2f", "701219766258106399", "801219766258106399"),
            new SuggestionThreadCreated(GUILD, "k3x9ab2f", "901219766258106399")));
  }

  @Test
  void aGuildConfigWithEverySetting() {
    Instant now = Instant.parse("2026-06-01T12:00:00Z");
    survivesItsSnapshot(
        replayed(
            GuildConfig.class,
            GUILD,
            new GuildChannelSet(GUILD, GuildChannel.SUGGESTIONS, "701219766258106399"),
            new GuildToggleSet(GUILD, GuildToggle.SUGGESTION_QUEUE, true),
            new StaffRolesSet(GUILD, List.of("801219766258106399")),
            new SuggestionLimitSet(GUILD, 2, Duration.ofMinutes(10)),
            new GuildLocaleSet(GUILD, "de"),
            new MemberBlocked(GUILD, "13", "1"),
            new SubmissionAdmitted(GUILD, "10", "k3x9ab2f", now),
            new SubmissionAdmitted(GUILD, "10", "k3x9ab2g", now.plusSeconds(5))));
  }

  @Test
  void aQueuedSuggestionWithItsMessage() {
    survivesItsSnapshot(
        replayed(
            QueuedSuggestion.class,
            GUILD + "/queue/q7m2x9ab",
            new SuggestionQueued(GUILD, "q7m2x9ab", "10", "Idea", IMAGE, false, QueueMode.CHANNEL),
            new QueuedSuggestionMessagePosted(
                GUILD, "q7m2x9ab", "701219766258106399", "801219766258106399")));
  }

  @Test
  void aUserConfig() {
    survivesItsSnapshot(
        replayed(
            UserConfig.class,
            "user:" + MEMBER.userId(),
            new DirectMessagesSet(MEMBER.userId(), false),
            new ThreadPingsSet(MEMBER.userId(), false)));
  }

  /** The aggregate that {@code events} build, loaded the way the command side loads one. */
  private static <T> T replayed(Class<T> type, String id, Object... events) {
    var store =
        EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    for (int i = 0; i < events.length; i++) {
      store.publish(new GenericDomainEventMessage<>(type.getSimpleName(), id, i, events[i]));
    }
    var repository = EventSourcingRepository.builder(type).eventStore(store).build();
    var unitOfWork = DefaultUnitOfWork.startAndGet(null);
    try {
      return repository.load(id).invoke(aggregate -> aggregate);
    } finally {
      unitOfWork.rollback();
      store.shutDown();
    }
  }

  private void survivesItsSnapshot(Object aggregate) {
    SerializedObject<byte[]> written = snapshots.serialize(aggregate, byte[].class);
    Object read = snapshots.deserialize(written);

    assertThat(written.getType().getRevision())
        .isEqualTo(aggregate.getClass().getAnnotation(Revision.class).value());
    assertThat(read).usingRecursiveComparison().isEqualTo(aggregate);
    assertThat(read).isNotSameAs(aggregate);
  }
}
