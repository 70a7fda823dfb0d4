package gg.suggestions.query.api;

import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.request.BearerToken;
import gg.suggestions.query.projection.suggestions.SuggestionQueries;
import gg.suggestions.query.projection.suggestions.SuggestionRow;
import gg.suggestions.query.projection.suggestions.SuggestionRow.State;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only JSON over the projections. Every request needs the same bearer token as {@code POST
 * /commands}; bad parameters get a 400 naming the parameter, never a partial answer.
 */
@RestController
class QueryController {

  static final int MAX_PAGE_SIZE = 100;
  private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{15,21}");
  private static final Pattern SHORT_ID = Pattern.compile("[a-z0-9]{8}");
  private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

  private final BearerToken token;
  private final SuggestionQueries suggestions;

  QueryController(BearerToken token, SuggestionQueries suggestions) {
    this.token = token;
    this.suggestions = suggestions;
  }

  @GetMapping(path = "/guilds/{guildId}/suggestions/{suggestionId}", produces = "application/json")
  ResponseEntity<?> suggestion(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String guildId,
      @PathVariable String suggestionId) {
    return authorised(
        authorization,
        () -> {
          checkIds(guildId, suggestionId);
          return suggestions
              .one(guildId, suggestionId)
              .<ResponseEntity<?>>map(ResponseEntity::ok)
              .orElseGet(() -> notFound(guildId, suggestionId));
        });
  }

  @GetMapping(path = "/guilds/{guildId}/suggestions", produces = "application/json")
  ResponseEntity<?> suggestions(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String guildId,
      @RequestParam(defaultValue = "pending") String state,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "25") int size) {
    return authorised(
        authorization,
        () -> {
          checkIds(guildId, null);
          checkPage(page, size);
          List<SuggestionRow> items =
              suggestions.inState(guildId, parse(State.class, "state", state), page, size);
          return ResponseEntity.ok(Map.of("page", page, "size", size, "items", items));
        });
  }

  @GetMapping(
      path = "/guilds/{guildId}/suggestions/{suggestionId}/voters",
      produces = "application/json")
  ResponseEntity<?> voters(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String guildId,
      @PathVariable String suggestionId,
      @RequestParam(defaultValue = "all") String direction,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "15") int size) {
    return authorised(
        authorization,
        () -> {
          checkIds(guildId, suggestionId);
          checkPage(page, size);
          VoteDirection only =
              direction.equalsIgnoreCase("all")
                  ? null
                  : parse(VoteDirection.class, "direction", direction);
          // Cleared suggestions are hidden from voter views.
          if (suggestions
              .one(guildId, suggestionId)
              .filter(s -> s.state() != State.CLEARED)
              .isEmpty()) {
            return notFound(guildId, suggestionId);
          }
          List<String> voters = suggestions.voters(guildId, suggestionId, only, page, size);
          return ResponseEntity.ok(Map.of("page", page, "size", size, "voterIds", voters));
        });
  }

  private ResponseEntity<?> authorised(String authorization, Supplier<ResponseEntity<?>> query) {
    if (!token.isConfigured()) {
      return problem(
          HttpStatus.FORBIDDEN,
          "The query API is disabled: the server was started without SUGGESTIONS_API_TOKEN.");
    }
    if (!token.authorises(authorization)) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
          .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"suggestions\"")
          .contentType(PROBLEM)
          .body(
              ProblemDetail.forStatusAndDetail(
                  HttpStatus.UNAUTHORIZED, "A valid bearer token is required."));
    }
    try {
      return query.get();
    } catch (BadParameter e) {
      return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }
  }

  private static void checkIds(String guildId, String suggestionId) {
    if (!SNOWFLAKE.matcher(guildId).matches()) {
      throw new BadParameter("guildId must be a Discord id (15 to 21 digits).");
    }
    if (suggestionId != null && !SHORT_ID.matcher(suggestionId).matches()) {
      throw new BadParameter("suggestionId must be 8 characters of a-z and 0-9.");
    }
  }

  private static void checkPage(int page, int size) {
    if (page < 0) {
      throw new BadParameter("page must be 0 or more.");
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw new BadParameter("size must be 1 to " + MAX_PAGE_SIZE + ".");
    }
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String name, String value) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadParameter(
          name
              + " must be one of "
              + List.of(type.getEnumConstants()).toString().toLowerCase(Locale.ROOT)
              + ".");
    }
  }

  private static ResponseEntity<?> notFound(String guildId, String suggestionId) {
    return problem(
        HttpStatus.NOT_FOUND,
        "There is no suggestion " + suggestionId + " in guild " + guildId + " (yet).");
  }

  private static ResponseEntity<?> problem(HttpStatus status, String detail) {
    return ResponseEntity.status(status)
        .contentType(PROBLEM)
        .body(ProblemDetail.forStatusAndDetail(status, detail));
  }

  /** A parameter that cannot be answered; its message names it. */
  private static final class BadParameter extends RuntimeException {
    BadParameter(String message) {
      super(message);
    }
  }
}
