package gg.suggestions.gateway.component;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.contract.suggestion.VoteOnSuggestion;
import gg.suggestions.gateway.component.Buttons.QueueAction;
import gg.suggestions.gateway.component.Buttons.QueueResolution;
import org.junit.jupiter.api.Test;

class ButtonsTest {

  private static final String GUILD = "601219766258106399";

  @Test
  void aVoteButtonsIdReadsBackAsItsVoteInTheInteractionsGuild() {
    String id = Buttons.vote(VoteDirection.DOWN, "k3x9ab2f");

    assertThat(id).isEqualTo("vote:down:k3x9ab2f");
    assertThat(Buttons.vote(id, GUILD))
        .contains(new VoteOnSuggestion(GUILD, "k3x9ab2f", VoteDirection.DOWN));
    assertThat(Buttons.queueResolution(id)).isEmpty();
  }

  @Test
  void aQueueButtonsIdReadsBackAsItsResolution() {
    String id = Buttons.queue(QueueAction.REJECT, "q7w8e9r0");

    assertThat(id).isEqualTo("queue:reject:q7w8e9r0");
    assertThat(Buttons.queueResolution(id))
        .contains(new QueueResolution(QueueAction.REJECT, "q7w8e9r0"));
    assertThat(Buttons.vote(id, GUILD)).isEmpty();
  }

  @Test
  void anythingElseIsNeither() {
    assertThat(Buttons.vote("vote:sideways:k3x9ab2f", GUILD)).isEmpty();
    assertThat(Buttons.vote("vote:up:K3X9AB2F", GUILD)).isEmpty();
    assertThat(Buttons.vote("vote:up:k3x9ab2f", null)).isEmpty();
    assertThat(Buttons.queueResolution("queue:approve:k3x9")).isEmpty();
    assertThat(Buttons.queueResolution("queue:publish:k3x9ab2f")).isEmpty();
  }
}
