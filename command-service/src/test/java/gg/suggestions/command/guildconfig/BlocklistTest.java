package gg.suggestions.command.guildconfig;

import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.guildconfig.BlockMember;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.contract.guildconfig.MemberBlocked;
import gg.suggestions.eventstore.contract.guildconfig.MemberUnblocked;
import gg.suggestions.eventstore.contract.guildconfig.UnblockMember;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BlocklistTest {

  private static final String GUILD = "601219766258106399";
  private static final String SID = "k3x9ab2f";
  private static final String AUTHOR = "523456789012345678";
  private static final Actor ADMIN = new Actor("1", Actor.ADMINISTRATOR, List.of());
  private static final Actor MEMBER = new Actor("4", 0, List.of());

  private FixtureConfiguration<GuildConfig> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(GuildConfig.class);
    fixture.registerCommandHandlerInterceptor(ModeratorsOnly.readingFrom(fixture.getRepository()));
    fixture.registerAnnotatedCommandHandler(
        new Blocklist(
            fixture.getRepository(),
            (guild, sid) -> sid.equals(SID) ? Optional.of(AUTHOR) : Optional.empty()));
  }

  @Test
  void aModeratorBlocksAMemberById() {
    fixture
        .given(new GuildToggleSet(GUILD, GuildToggle.KEEP_LOGS, true))
        .when(new BlockMember(GUILD, AUTHOR, null), as(ADMIN))
        .expectEvents(new MemberBlocked(GUILD, AUTHOR, ADMIN.userId()))
        .expectResultMessagePayload(Outcome.accepted());
  }

  @Test
  void aModeratorBlocksTheAuthorOfASuggestion() {
    fixture
        .givenNoPriorActivity()
        .when(new BlockMember(GUILD, null, SID), as(ADMIN))
        .expectEvents(new MemberBlocked(GUILD, AUTHOR, ADMIN.userId()));
  }

  @Test
  void aModeratorUnblocksAMember() {
    fixture
        .given(new MemberBlocked(GUILD, AUTHOR, ADMIN.userId()))
        .when(new UnblockMember(GUILD, null, SID), as(ADMIN))
        .expectEvents(new MemberUnblocked(GUILD, AUTHOR, ADMIN.userId()));
  }

  @Nested
  class Refusals {

    @Test
    void aMemberWhoIsAlreadyBlocked() {
      fixture
          .given(new MemberBlocked(GUILD, AUTHOR, ADMIN.userId()))
          .when(new BlockMember(GUILD, AUTHOR, null), as(ADMIN))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.ALREADY_BLOCKED, null));
    }

    @Test
    void unblockingAMemberWhoIsNotBlocked() {
      fixture
          .given(new GuildToggleSet(GUILD, GuildToggle.KEEP_LOGS, true))
          .when(new UnblockMember(GUILD, AUTHOR, null), as(ADMIN))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.NOT_BLOCKED, null));
    }

    @Test
    void anUnknownSuggestion() {
      fixture
          .givenNoPriorActivity()
          .when(new BlockMember(GUILD, null, "zzzzzzzz"), as(ADMIN))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.SUGGESTION_NOT_FOUND, null));
    }

    @Test
    void bothAUserAndASuggestion() {
      fixture
          .givenNoPriorActivity()
          .when(new BlockMember(GUILD, AUTHOR, SID), as(ADMIN))
          .expectNoEvents()
          .expectResultMessagePayload(
              Outcome.refused(
                  ErrorCode.INVALID_COMMAND, "Name the member by user id or by sID, not both."));
    }

    @Test
    void aNonModeratorBlocking() {
      fixture
          .givenNoPriorActivity()
          .when(new BlockMember(GUILD, AUTHOR, null), as(MEMBER))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.NOT_A_MODERATOR, null));
    }

    @Test
    void aNonModeratorUnblocking() {
      fixture
          .given(new MemberBlocked(GUILD, AUTHOR, ADMIN.userId()))
          .when(new UnblockMember(GUILD, AUTHOR, null), as(MEMBER))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.NOT_A_MODERATOR, null));
    }
  }

  private static Map<String, ?> as(Actor actor) {
    return MetaData.with(GuildConfig.ACTOR, actor);
  }
}
