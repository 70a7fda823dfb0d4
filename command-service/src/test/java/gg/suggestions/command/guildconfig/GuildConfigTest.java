package gg.suggestions.command.guildconfig;

import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannelSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildLocaleSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildLocale;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.SetStaffRoles;
import gg.suggestions.eventstore.contract.guildconfig.SetSuggestionLimit;
import gg.suggestions.eventstore.contract.guildconfig.StaffRolesSet;
import gg.suggestions.eventstore.contract.guildconfig.SuggestionLimitSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GuildConfigTest {

  private static final String GUILD = "601219766258106399";
  private static final String CHANNEL = "701219766258106399";
  private static final String STAFF_ROLE = "801219766258106399";

  private static final Actor ADMIN = new Actor("1", Actor.ADMINISTRATOR, List.of());
  private static final Actor MANAGER = new Actor("2", Actor.MANAGE_GUILD, List.of());
  private static final Actor STAFF = new Actor("3", 0, List.of(STAFF_ROLE));
  private static final Actor MEMBER = new Actor("4", 0, List.of("999219766258106399"));

  private FixtureConfiguration<GuildConfig> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(GuildConfig.class);
    fixture.registerCommandHandlerInterceptor(ModeratorsOnly.readingFrom(fixture.getRepository()));
  }

  @Test
  void anAdministratorsFirstSettingCreatesTheGuildConfig() {
    fixture
        .givenNoPriorActivity()
        .when(new SetGuildToggle(GUILD, GuildToggle.KEEP_LOGS, true), as(ADMIN))
        .expectEvents(new GuildToggleSet(GUILD, GuildToggle.KEEP_LOGS, true))
        .expectResultMessagePayload(Outcome.accepted());
  }

  @Test
  void aServerManagerSetsAChannel() {
    fixture
        .given(new GuildToggleSet(GUILD, GuildToggle.KEEP_LOGS, true))
        .when(new SetGuildChannel(GUILD, GuildChannel.SUGGESTIONS, CHANNEL), as(MANAGER))
        .expectEvents(new GuildChannelSet(GUILD, GuildChannel.SUGGESTIONS, CHANNEL));
  }

  @Test
  void aChannelCanBeUnset() {
    fixture
        .given(new GuildChannelSet(GUILD, GuildChannel.LOG, CHANNEL))
        .when(new SetGuildChannel(GUILD, GuildChannel.LOG, null), as(ADMIN))
        .expectEvents(new GuildChannelSet(GUILD, GuildChannel.LOG, null));
  }

  @Test
  void aMemberWithAStaffRoleIsAModerator() {
    fixture
        .given(new StaffRolesSet(GUILD, List.of(STAFF_ROLE)))
        .when(new SetGuildLocale(GUILD, "de"), as(STAFF))
        .expectEvents(new GuildLocaleSet(GUILD, "de"));
  }

  @Test
  void staffRolesAreReplacedAsAWhole() {
    fixture
        .given(new StaffRolesSet(GUILD, List.of(STAFF_ROLE)))
        .when(new SetStaffRoles(GUILD, List.of()), as(ADMIN))
        .expectEvents(new StaffRolesSet(GUILD, List.of()));
  }

  @Test
  void theSuggestionLimitIsSet() {
    fixture
        .givenNoPriorActivity()
        .when(new SetSuggestionLimit(GUILD, 2, Duration.ofSeconds(10)), as(ADMIN))
        .expectEvents(new SuggestionLimitSet(GUILD, 2, Duration.ofSeconds(10)));
  }

  @Nested
  class Refusals {

    @Test
    void aMemberWithoutPermissionOrStaffRoleIsRefusedAndNothingIsCreated() {
      fixture
          .givenNoPriorActivity()
          .when(new SetGuildToggle(GUILD, GuildToggle.KEEP_LOGS, true), as(MEMBER))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.NOT_A_MODERATOR, null));
    }

    @Test
    void aRemovedStaffRoleNoLongerMakesAModerator() {
      fixture
          .given(new StaffRolesSet(GUILD, List.of(STAFF_ROLE)), new StaffRolesSet(GUILD, List.of()))
          .when(new SetGuildChannel(GUILD, GuildChannel.LOG, CHANNEL), as(STAFF))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.NOT_A_MODERATOR, null));
    }

    @Test
    void aCommandWithoutActorIsRefused() {
      fixture
          .givenNoPriorActivity()
          .when(new SetGuildLocale(GUILD, "de"))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.NOT_A_MODERATOR, null));
    }

    @Test
    void aChannelIdThatIsNotASnowflake() {
      fixture
          .givenNoPriorActivity()
          .when(new SetGuildChannel(GUILD, GuildChannel.QUEUE, "#general"), as(ADMIN))
          .expectNoEvents()
          .expectResultMessagePayload(
              Outcome.refused(
                  ErrorCode.INVALID_SETTING, "'#general' is not a Discord channel id."));
    }

    @Test
    void aChannelCommandWithoutItsSetting() {
      fixture
          .givenNoPriorActivity()
          .when(new SetGuildChannel(GUILD, null, CHANNEL), as(ADMIN))
          .expectNoEvents()
          .expectResultMessagePayload(
              Outcome.refused(ErrorCode.INVALID_SETTING, "Name the channel setting to change."));
    }

    @Test
    void tooManyOrMalformedStaffRoles() {
      List<String> tooMany =
          java.util.stream.IntStream.range(0, 26)
              .mapToObj(i -> "80121976625810" + (1000 + i))
              .toList();

      fixture
          .givenNoPriorActivity()
          .when(new SetStaffRoles(GUILD, tooMany), as(ADMIN))
          .expectNoEvents();
      fixture
          .givenNoPriorActivity()
          .when(new SetStaffRoles(GUILD, List.of("admins")), as(ADMIN))
          .expectNoEvents()
          .expectResultMessagePayload(
              Outcome.refused(ErrorCode.INVALID_SETTING, "Give at most 25 Discord role ids."));
    }

    @Test
    void anUnsupportedLocale() {
      fixture
          .givenNoPriorActivity()
          .when(new SetGuildLocale(GUILD, "xx"), as(ADMIN))
          .expectNoEvents()
          .expectResultMessagePayload(
              Outcome.refused(
                  ErrorCode.INVALID_SETTING,
                  "Supported locales: da, de, en-GB, en-US, es-ES, fr, pt-BR, tr."));
    }

    @Test
    void aLimitOutsideItsRange() {
      String detail = "Allow 1 to 100 suggestions per period of 1 second to 1 day.";
      fixture
          .givenNoPriorActivity()
          .when(new SetSuggestionLimit(GUILD, 0, Duration.ofSeconds(3)), as(ADMIN))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.INVALID_SETTING, detail));
      fixture
          .givenNoPriorActivity()
          .when(new SetSuggestionLimit(GUILD, 1, Duration.ofDays(2)), as(ADMIN))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.INVALID_SETTING, detail));
    }
  }

  private static Map<String, Object> as(Actor actor) {
    return MetaData.with(GuildConfig.ACTOR, actor);
  }
}
