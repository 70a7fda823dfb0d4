package gg.suggestions.gateway.component;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.contract.suggestion.VoteOnSuggestion;
import org.junit.jupiter.api.Test;

class VoteButtonsTest {

  private static final String GUILD = "601219766258106399";

  @Test
  void aButtonsIdReadsBackAsItsVoteInTheInteractionsGuild() {
    String id = VoteButtons.id(VoteDirection.DOWN, "k3x9ab2f");

    assertThat(id).isEqualTo("vote:down:k3x9ab2f");
    assertThat(VoteButtons.vote(id, GUILD))
        .contains(new VoteOnSuggestion(GUILD, "k3x9ab2f", VoteDirection.DOWN));
  }

  @Test
  void anythingElseIsNotAVote() {
    assertThat(VoteButtons.vote("vote:sideways:k3x9ab2f", GUILD)).isEmpty();
    assertThat(VoteButtons.vote("vote:up:K3X9AB2F", GUILD)).isEmpty();
    assertThat(VoteButtons.vote("queue:approve:k3x9ab2f", GUILD)).isEmpty();
    assertThat(VoteButtons.vote("vote:up:k3x9ab2f", null)).isEmpty();
  }
}
