package gg.suggestions.gateway.effects;

import static gg.suggestions.gateway.i18n.ReplyMessages.text;

import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.privacy.Sealing;
import gg.suggestions.gateway.component.Buttons;
import gg.suggestions.gateway.component.Buttons.QueueAction;
import gg.suggestions.gateway.effects.MessageView.Button;
import gg.suggestions.gateway.effects.MessageView.Embed;
import gg.suggestions.gateway.effects.MessageView.Field;
import gg.suggestions.gateway.effects.MessageView.Style;
import gg.suggestions.gateway.read.Views;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How suggestions and queued items look on Discord, as pure functions of the read model: the
 * pending message with its vote buttons, the resolved one without, and a channel-queue item with
 * its approve and reject buttons. The sID always ends the footer, which is how a message command
 * finds the suggestion a message shows.
 */
public final class SuggestionMessages {

  static final int PENDING = 0xF1C40F;
  static final int APPROVED = 0x2ECC71;
  static final int REJECTED = 0xE74C3C;
  static final int QUEUED = 0x95A5A6;

  private static final Pattern FOOTER_ID = Pattern.compile("([a-z0-9]{8})$");

  /** The author as Discord shows them; both may be {@code null} when unknown. */
  public record Author(String displayName, String avatarUrl) {}

  private SuggestionMessages() {}

  /** A pending suggestion: counts, note, vote buttons. */
  public static MessageView pending(Views.Suggestion s, Author author, String locale) {
    List<Field> fields = new ArrayList<>();
    fields.add(new Field(text(locale, "suggestion.text"), s.submission().text()));
    note(s, locale, fields);
    fields.add(new Field(text(locale, "suggestion.results"), votes(s, locale)));
    List<Button> buttons =
        List.of(
            new Button(Buttons.vote(VoteDirection.UP, s.id()), "👍", Style.SUCCESS),
            new Button(Buttons.vote(VoteDirection.DOWN, s.id()), "👎", Style.DANGER));
    return new MessageView(null, embed(s, author, locale, fields, PENDING), buttons);
  }

  /**
   * A resolved suggestion: results, the resolver (or "Anonymous" when the guild hides them), the
   * response and note; no buttons.
   *
   * @param resolver the resolving moderator's mention, or {@code null} to hide them
   */
  public static MessageView resolved(
      Views.Suggestion s, Author author, String resolver, String locale) {
    boolean approved = "APPROVED".equals(s.state());
    List<Field> fields = new ArrayList<>();
    fields.add(new Field(text(locale, "suggestion.results"), votes(s, locale)));
    fields.add(new Field(text(locale, "suggestion.text"), s.submission().text()));
    fields.add(
        new Field(
            text(locale, approved ? "suggestion.approved_by" : "suggestion.rejected_by"),
            resolver == null ? text(locale, "suggestion.anonymous") : resolver));
    if (s.resolution() != null && notBlank(s.resolution().response())) {
      fields.add(new Field(text(locale, "suggestion.response"), s.resolution().response()));
    }
    note(s, locale, fields);
    return new MessageView(
        null, embed(s, author, locale, fields, approved ? APPROVED : REJECTED), List.of());
  }

  /** A channel-queue item waiting for review, with approve and reject buttons. */
  public static MessageView queued(Views.QueuedItem item, Author author, String locale) {
    List<Button> buttons =
        List.of(
            new Button(
                Buttons.queue(QueueAction.APPROVE, item.queueId()),
                text(locale, "button.approve"),
                Style.SUCCESS),
            new Button(
                Buttons.queue(QueueAction.REJECT, item.queueId()),
                text(locale, "button.reject"),
                Style.DANGER));
    return new MessageView(
        null, queueEmbed(item, author, locale, text(locale, "suggestion.queued"), QUEUED), buttons);
  }

  /** A queue item after review: who approved (and as which sID) or rejected it; no buttons. */
  public static MessageView queueResolved(
      Views.QueuedItem item, Author author, String resolver, String locale) {
    boolean approved = "APPROVED".equals(item.state());
    String who = resolver == null ? text(locale, "suggestion.anonymous") : resolver;
    String outcome =
        approved
            ? text(locale, "suggestion.queue_approved", who, item.publishedAs())
            : text(locale, "suggestion.queue_rejected", who);
    return new MessageView(
        null, queueEmbed(item, author, locale, outcome, approved ? APPROVED : REJECTED), List.of());
  }

  /** The sID a suggestion message shows (the end of its footer), if it is one of ours. */
  public static Optional<String> suggestionIdIn(String footer) {
    if (footer == null) {
      return Optional.empty();
    }
    Matcher match = FOOTER_ID.matcher(footer.strip());
    return match.find() ? Optional.of(match.group(1)) : Optional.empty();
  }

  private static Embed embed(
      Views.Suggestion s, Author author, String locale, List<Field> fields, int color) {
    Views.Submission submission = s.submission();
    // A forgotten author shows as anonymous: their pseudonym names nobody, on Discord least of all.
    boolean anonymous = submission.anonymous() || Sealing.isPseudonym(submission.authorId());
    String footer =
        anonymous
            ? text(locale, "suggestion.footer_anonymous", s.id())
            : text(locale, "suggestion.footer", submission.authorId(), s.id());
    return new Embed(
        null,
        null,
        fields,
        color,
        footer,
        anonymous ? text(locale, "suggestion.anonymous") : name(author, submission.authorId()),
        anonymous || author == null ? null : author.avatarUrl(),
        imageUrl(submission.image()));
  }

  private static Embed queueEmbed(
      Views.QueuedItem item, Author author, String locale, String status, int color) {
    boolean anonymous = item.anonymous() || Sealing.isPseudonym(item.authorId());
    String footer =
        anonymous
            ? text(locale, "suggestion.footer_anonymous", item.queueId())
            : text(locale, "suggestion.footer", item.authorId(), item.queueId());
    return new Embed(
        status,
        item.text(),
        List.of(),
        color,
        footer,
        anonymous ? text(locale, "suggestion.anonymous") : name(author, item.authorId()),
        anonymous || author == null ? null : author.avatarUrl(),
        imageUrl(item.image()));
  }

  private static void note(Views.Suggestion s, String locale, List<Field> fields) {
    if (s.note() != null && notBlank(s.note().text())) {
      fields.add(new Field(text(locale, "suggestion.note"), s.note().text()));
    }
  }

  private static String votes(Views.Suggestion s, String locale) {
    return text(locale, "suggestion.votes", s.upVotes(), s.downVotes());
  }

  private static String name(Author author, String authorId) {
    return author != null && author.displayName() != null
        ? author.displayName()
        : "<@" + authorId + ">";
  }

  /** The image's address; none for a forgotten member's image, whose address reads "[removed]". */
  private static String imageUrl(SuggestionImage image) {
    return image == null || Sealing.REMOVED.equals(image.url()) ? null : image.url();
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }
}
