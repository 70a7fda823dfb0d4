package gg.suggestions.command.suggestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShortIdsTest {

  @Test
  void candidatesAreEightLowercaseLettersOrDigits() {
    for (int i = 0; i < 1_000; i++) {
      assertThat(ShortIds.candidate("1187654321098765" + i, 0)).matches("[a-z0-9]{8}");
    }
  }

  @Test
  void theSameCommandAlwaysYieldsTheSameCandidates() {
    assertThat(ShortIds.candidate("cmd-1", 0)).isEqualTo(ShortIds.candidate("cmd-1", 0));
    assertThat(ShortIds.candidate("cmd-1", 1)).isEqualTo(ShortIds.candidate("cmd-1", 1));
    assertThat(ShortIds.candidate("cmd-1", 0)).isNotEqualTo(ShortIds.candidate("cmd-1", 1));
    assertThat(ShortIds.candidate("cmd-1", 0)).isNotEqualTo(ShortIds.candidate("cmd-2", 0));
  }

  @Test
  void aTakenCandidateGivesWayToTheNext() {
    Set<String> taken = Set.of(ShortIds.candidate("cmd-1", 0), ShortIds.candidate("cmd-1", 1));

    assertThat(ShortIds.firstFree("cmd-1", taken::contains))
        .isEqualTo(ShortIds.candidate("cmd-1", 2));
  }

  @Test
  void aCheckThatSaysEverythingIsTakenIsABugNotALoop() {
    assertThatThrownBy(() -> ShortIds.firstFree("cmd-1", id -> true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cmd-1");
  }

  @Test
  void everyCharacterIsUsed() {
    Set<Character> seen = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      ShortIds.candidate("cmd-" + i, 0).chars().forEach(c -> seen.add((char) c));
    }
    assertThat(seen).hasSize(36);
  }

  @Test
  void recognisesWellFormedIds() {
    assertThat(ShortIds.isWellFormed("k3x9ab2f")).isTrue();
    assertThat(ShortIds.isWellFormed("K3X9AB2F")).isFalse();
    assertThat(ShortIds.isWellFormed("k3x9ab2")).isFalse();
    assertThat(ShortIds.isWellFormed(null)).isFalse();
  }
}
