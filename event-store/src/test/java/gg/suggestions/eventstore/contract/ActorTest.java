package gg.suggestions.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ActorTest {

  private static final Set<String> STAFF = Set.of("staff-role");

  @Test
  void administratorsAndServerManagersAreModerators() {
    assertThat(new Actor("1", Actor.ADMINISTRATOR, List.of()).isModerator(STAFF)).isTrue();
    assertThat(new Actor("1", Actor.MANAGE_GUILD | 1L, List.of()).isModerator(STAFF)).isTrue();
  }

  @Test
  void membersWithAStaffRoleAreModerators() {
    assertThat(new Actor("1", 0, List.of("other", "staff-role")).isModerator(STAFF)).isTrue();
  }

  @Test
  void everyoneElseIsNot() {
    long everyOtherBit = ~(Actor.ADMINISTRATOR | Actor.MANAGE_GUILD);

    assertThat(new Actor("1", everyOtherBit, List.of("other")).isModerator(STAFF)).isFalse();
    assertThat(new Actor("1", 0, null).isModerator(Set.of())).isFalse();
  }

  @Test
  void errorNumbersAndKeysAreUnique() {
    assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::number)).doesNotHaveDuplicates();
    assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::messageKey))
        .doesNotHaveDuplicates();
  }
}
