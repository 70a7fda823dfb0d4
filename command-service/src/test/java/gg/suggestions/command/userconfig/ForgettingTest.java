package gg.suggestions.command.userconfig;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.userconfig.ForgetMember;
import gg.suggestions.eventstore.contract.userconfig.MemberForgotten;
import gg.suggestions.eventstore.privacy.Sealing;
import gg.suggestions.testing.InMemoryKeys;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ForgettingTest {

  private static final Actor MEMBER = new Actor("10", 0, List.of());
  private static final Actor ADMIN = new Actor("11", Actor.ADMINISTRATOR, List.of());

  private FixtureConfiguration<Forgetting> fixture;
  private final InMemoryKeys keys = new InMemoryKeys();

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Forgetting.class);
    Sealing.install(Sealing.with(keys, new SecureRandom()));
  }

  @AfterEach
  void noKeys() {
    Sealing.install(Sealing.NONE);
  }

  @Test
  void aMemberForgetsThemselfTheirKeysGoFirstAndTheEventNamesOnlyTheKeys() {
    String keyId = keys.keyFor(MEMBER.userId()).id();

    fixture
        .givenNoPriorActivity()
        .when(new ForgetMember(MEMBER.userId()), as(MEMBER))
        .expectEvents(new MemberForgotten(List.of(keyId)))
        .expectResultMessagePayload(Outcome.accepted(Map.of(ForgetMember.RESULT_KEY_IDS, keyId)));
    assertThat(keys.key(keyId)).isEmpty();
  }

  @Test
  void askingAgainAfterAFailureRecordsTheSameKeys() {
    String keyId = keys.keyFor(MEMBER.userId()).id();
    keys.forget(MEMBER.userId()); // The keys went, the event did not.

    fixture
        .givenNoPriorActivity()
        .when(new ForgetMember(MEMBER.userId()), as(MEMBER))
        .expectEvents(new MemberForgotten(List.of(keyId)));
  }

  @Test
  void nobodyElseForgetsAMemberNotEvenAnAdministrator() {
    String keyId = keys.keyFor(MEMBER.userId()).id();

    fixture
        .givenNoPriorActivity()
        .when(new ForgetMember(MEMBER.userId()), as(ADMIN))
        .expectNoEvents()
        .expectResultMessagePayload(Outcome.refused(ErrorCode.NOT_YOUR_SETTINGS, null));
    assertThat(keys.key(keyId)).isPresent();
  }

  @Test
  void aMemberWithoutSealedDataHasNothingToForget() {
    fixture
        .givenNoPriorActivity()
        .when(new ForgetMember(MEMBER.userId()), as(MEMBER))
        .expectNoEvents()
        .expectResultMessagePayload(Outcome.refused(ErrorCode.NOTHING_TO_FORGET, null));
  }

  @Test
  void withoutAMasterKeyNobodyCanBeForgotten() {
    Sealing.install(Sealing.NONE);

    fixture
        .givenNoPriorActivity()
        .when(new ForgetMember(MEMBER.userId()), as(MEMBER))
        .expectNoEvents()
        .expectResultMessagePayload(Outcome.refused(ErrorCode.FORGETTING_UNAVAILABLE, null));
  }

  @Test
  void theForgettingIsItsOwnAggregateOnePerCommandWhoseIdNamesNobody() {
    keys.keyFor(MEMBER.userId());
    String id = Forgetting.idOf("command-1");

    fixture
        .givenNoPriorActivity()
        .when(new ForgetMember(MEMBER.userId()), as(MEMBER))
        .expectSuccessfulHandlerExecution()
        .expectState(forgetting -> assertThat(forgetting.id()).isEqualTo(id));
    assertThat(id)
        .startsWith(Forgetting.PREFIX)
        .doesNotContain(MEMBER.userId())
        .isNotEqualTo(Forgetting.idOf("command-2"));
  }

  private static Map<String, ?> as(Actor actor) {
    return MetaData.with(GuildConfig.ACTOR, actor).and(Forgetting.COMMAND_ID, "command-1");
  }
}
