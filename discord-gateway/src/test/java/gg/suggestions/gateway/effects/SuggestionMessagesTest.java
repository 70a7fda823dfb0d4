package gg.suggestions.gateway.effects;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import gg.suggestions.gateway.effects.MessageView.Field;
import gg.suggestions.gateway.effects.SuggestionMessages.Author;
import gg.suggestions.gateway.read.Views;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SuggestionMessagesTest {

  private static final String GUILD = "601219766258106399";
  private static final String AUTHOR = "223456789012345678";
  private static final Author ANNA = new Author("Anna", "https://cdn.example/anna.png");
  private static final SuggestionImage IMAGE =
      new SuggestionImage("https://cdn.discordapp.com/a/b/m.png", "m.png", 1_000);

  @Test
  void aPendingSuggestionShowsItsAuthorTextCountsAndVoteButtons() {
    MessageView view =
        SuggestionMessages.pending(suggestion("PENDING", false, null), ANNA, "en-GB");

    assertThat(view.embed().author()).isEqualTo("Anna");
    assertThat(view.embed().authorIcon()).isEqualTo(ANNA.avatarUrl());
    assertThat(view.embed().fields())
        .containsExactly(
            new Field("Suggestion", "Dark mode"), new Field("Results", "👍 12   👎 3"));
    assertThat(view.embed().footer()).isEqualTo("Author id " + AUTHOR + " · sID k3x9ab2f");
    assertThat(view.embed().color()).isEqualTo(SuggestionMessages.PENDING);
    assertThat(view.embed().imageUrl()).isEqualTo(IMAGE.url());
    assertThat(view.buttons())
        .extracting(MessageView.Button::id)
        .containsExactly("vote:up:k3x9ab2f", "vote:down:k3x9ab2f");
  }

  @Test
  void anAnonymousSuggestionShowsNeitherNameNorAvatarNorAuthorId() {
    MessageView view = SuggestionMessages.pending(suggestion("PENDING", true, null), ANNA, "en-GB");

    assertThat(view.embed().author()).isEqualTo("Anonymous");
    assertThat(view.embed().authorIcon()).isNull();
    assertThat(view.embed().footer()).isEqualTo("sID k3x9ab2f").doesNotContain(AUTHOR);
  }

  @Test
  void aResolvedSuggestionShowsResultsResolverResponseAndNoteWithoutButtons() {
    var s = suggestion("APPROVED", false, new Views.Note("Planned for June", "9"));

    MessageView view = SuggestionMessages.resolved(s, ANNA, "<@77>", "en-GB");

    assertThat(view.buttons()).isEmpty();
    assertThat(view.embed().color()).isEqualTo(SuggestionMessages.APPROVED);
    assertThat(view.embed().fields())
        .containsExactly(
            new Field("Results", "👍 12   👎 3"),
            new Field("Suggestion", "Dark mode"),
            new Field("Approved by", "<@77>"),
            new Field("Response", "Good idea"),
            new Field("Moderator note", "Planned for June"));
  }

  @Test
  void anAnonymousResolutionHidesTheModerator() {
    MessageView view =
        SuggestionMessages.resolved(suggestion("REJECTED", false, null), ANNA, null, "en-GB");

    assertThat(view.embed().fields()).contains(new Field("Rejected by", "Anonymous"));
    assertThat(view.embed().color()).isEqualTo(SuggestionMessages.REJECTED);
  }

  @Test
  void textsFollowTheGuildsLanguageAndFallBackToBritishEnglish() {
    MessageView german = SuggestionMessages.pending(suggestion("PENDING", true, null), ANNA, "de");
    MessageView unknown =
        SuggestionMessages.pending(suggestion("PENDING", true, null), ANNA, "xx-YY");

    assertThat(german.embed().author()).isNotEqualTo("Anonymous");
    assertThat(unknown.embed().author()).isEqualTo("Anonymous");
  }

  @Test
  void aQueuedItemHasApproveAndRejectButtonsAndLosesThemWhenResolved() {
    var waiting = queued("QUEUED", null);
    var approved = queued("APPROVED", "z9y8x7w6");

    MessageView before = SuggestionMessages.queued(waiting, ANNA, "en-GB");
    MessageView after = SuggestionMessages.queueResolved(approved, ANNA, "<@77>", "en-GB");

    assertThat(before.buttons())
        .extracting(MessageView.Button::id)
        .containsExactly("queue:approve:q1w2e3r4", "queue:reject:q1w2e3r4");
    assertThat(after.buttons()).isEmpty();
    assertThat(after.embed().title()).isEqualTo("Approved by <@77>, published as z9y8x7w6");
  }

  @Test
  void theSuggestionIdIsReadBackFromTheFooter() {
    MessageView view = SuggestionMessages.pending(suggestion("PENDING", false, null), ANNA, "de");

    assertThat(SuggestionMessages.suggestionIdIn(view.embed().footer())).contains("k3x9ab2f");
    assertThat(SuggestionMessages.suggestionIdIn("Nothing of ours")).isEmpty();
    assertThat(SuggestionMessages.suggestionIdIn(null)).isEmpty();
  }

  private static Views.Suggestion suggestion(String state, boolean anonymous, Views.Note note) {
    return new Views.Suggestion(
        new Views.Submission(
            GUILD, "k3x9ab2f", AUTHOR, "Dark mode", IMAGE, anonymous, Instant.EPOCH),
        state,
        12,
        3,
        note,
        "PENDING".equals(state) ? null : new Views.Resolution("77", "Good idea", Instant.EPOCH),
        new Views.Discord("1", "2", null, false),
        5);
  }

  private static Views.QueuedItem queued(String state, String publishedAs) {
    return new Views.QueuedItem(
        GUILD,
        "q1w2e3r4",
        AUTHOR,
        "Dark mode",
        null,
        false,
        "CHANNEL",
        state,
        Instant.EPOCH,
        publishedAs == null ? null : new Views.Resolution("77", null, Instant.EPOCH),
        publishedAs,
        "5",
        "6",
        1);
  }
}
