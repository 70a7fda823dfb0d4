package gg.suggestions.eventstore.envelope;

import gg.suggestions.eventstore.contract.ErrorCode;
import java.time.Instant;
import java.util.Map;

/**
 * The outcome of one command on {@code suggestions.replies.v1}. A refusal is a normal outcome, not
 * a failure: it carries the error code the user sees and changes nothing.
 *
 * @param schema the format, {@value #SCHEMA}
 * @param commandId the command answered
 * @param accepted whether the command was carried out
 * @param errorCode the refusal's stable number, or {@code null} when accepted
 * @param errorKey the refusal's message key, or {@code null} when accepted
 * @param message the English text of the outcome, with any detail
 * @param handledAt when the command service decided
 * @param result what an accepted command produced that the requester needs, such as the new
 *     suggestion's {@code suggestionId}; empty otherwise
 * @param sequences the sequence of the last event the command appended to each aggregate it
 *     changed, by aggregate id; a query can wait until a projection has applied it (read your
 *     writes). Empty when nothing changed.
 */
public record ReplyEnvelope(
    String schema,
    String commandId,
    boolean accepted,
    Integer errorCode,
    String errorKey,
    String message,
    Instant handledAt,
    Map<String, String> result,
    Map<String, Long> sequences) {

  public static final String SCHEMA = "suggestions.reply/1";

  /** A refused suggestion's result key: the whole seconds its author's cooldown has left. */
  public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

  /** Replies written before {@code result} or {@code sequences} existed read with empty ones. */
  public ReplyEnvelope {
    result = result == null ? Map.of() : Map.copyOf(result);
    sequences = sequences == null ? Map.of() : Map.copyOf(sequences);
  }

  public static ReplyEnvelope accepted(String commandId, Instant handledAt) {
    return accepted(commandId, Map.of(), Map.of(), handledAt);
  }

  public static ReplyEnvelope accepted(
      String commandId,
      Map<String, String> result,
      Map<String, Long> sequences,
      Instant handledAt) {
    return new ReplyEnvelope(
        SCHEMA, commandId, true, null, null, "Done.", handledAt, result, sequences);
  }

  /**
   * @param detail what exactly was wrong, appended to the code's text; may be {@code null}
   */
  public static ReplyEnvelope refused(
      String commandId, ErrorCode code, String detail, Instant handledAt) {
    return refused(commandId, code, detail, Map.of(), handledAt);
  }

  /**
   * @param result facts the requester acts on, such as {@code retryAfterSeconds} of a cooldown
   */
  public static ReplyEnvelope refused(
      String commandId,
      ErrorCode code,
      String detail,
      Map<String, String> result,
      Instant handledAt) {
    String message = detail == null ? code.english() : code.english() + " " + detail;
    return new ReplyEnvelope(
        SCHEMA,
        commandId,
        false,
        code.number(),
        code.messageKey(),
        message,
        handledAt,
        result,
        Map.of());
  }
}
