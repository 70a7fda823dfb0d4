package gg.suggestions.command.userconfig;

import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.userconfig.DirectMessagesSet;
import gg.suggestions.eventstore.contract.userconfig.SetDirectMessages;
import gg.suggestions.eventstore.contract.userconfig.SetThreadPings;
import gg.suggestions.eventstore.contract.userconfig.ThreadPingsSet;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserConfigTest {

  private static final Actor MEMBER = new Actor("10", 0, List.of());
  private static final Actor ADMIN = new Actor("11", Actor.ADMINISTRATOR, List.of());

  private FixtureConfiguration<UserConfig> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(UserConfig.class);
  }

  @Test
  void aMembersFirstSettingCreatesTheirConfig() {
    fixture
        .givenNoPriorActivity()
        .when(new SetDirectMessages(MEMBER.userId(), false), as(MEMBER))
        .expectEvents(new DirectMessagesSet(MEMBER.userId(), false))
        .expectResultMessagePayload(Outcome.accepted());
  }

  @Test
  void aMemberTurnsThreadPingsBackOn() {
    fixture
        .given(new ThreadPingsSet(MEMBER.userId(), false))
        .when(new SetThreadPings(MEMBER.userId(), true), as(MEMBER))
        .expectEvents(new ThreadPingsSet(MEMBER.userId(), true));
  }

  @Test
  void nobodyElseChangesAMembersSettingsNotEvenAnAdministrator() {
    fixture
        .given(new DirectMessagesSet(MEMBER.userId(), true))
        .when(new SetDirectMessages(MEMBER.userId(), false), as(ADMIN))
        .expectNoEvents()
        .expectResultMessagePayload(Outcome.refused(ErrorCode.NOT_YOUR_SETTINGS, null));
  }

  private static Map<String, ?> as(Actor actor) {
    return MetaData.with(GuildConfig.ACTOR, actor);
  }
}
