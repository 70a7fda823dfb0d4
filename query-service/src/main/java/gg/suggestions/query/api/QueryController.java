package gg.suggestions.query.api;

import static gg.suggestions.query.api.ApiAccess.discordId;
import static gg.suggestions.query.api.ApiAccess.oneOf;
import static gg.suggestions.query.api.ApiAccess.shortId;

import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.privacy.Sealing;
import gg.suggestions.query.projection.suggestions.SuggestionQueries;
import gg.suggestions.query.projection.suggestions.SuggestionRow;
import gg.suggestions.query.projection.suggestions.SuggestionRow.State;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Suggestions, pages of them by state, and their voters. */
@RestController
class QueryController {

  private final ApiAccess access;
  private final SuggestionQueries suggestions;

  QueryController(ApiAccess access, SuggestionQueries suggestions) {
    this.access = access;
    this.suggestions = suggestions;
  }

  /**
   * One suggestion. With {@code atLeast} (a sequence from a command's reply), waits up to {@code
   * waitMillis} until the projection has applied it.
   */
  @GetMapping(path = "/guilds/{guildId}/suggestions/{suggestionId}", produces = "application/json")
  ResponseEntity<?> suggestion(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String guildId,
      @PathVariable String suggestionId,
      @RequestParam(required = false) Long atLeast,
      @RequestParam(defaultValue = "5000") long waitMillis) {
    return access.authorised(
        authorization,
        () -> {
          discordId("guildId", guildId);
          shortId("suggestionId", suggestionId);
          return ApiAccess.whenApplied(
              atLeast,
              waitMillis,
              () ->
                  suggestions
                      .one(guildId, suggestionId)
                      .map(SuggestionRow::lastSequence)
                      .orElse(-1L),
              () ->
                  suggestions
                      .one(guildId, suggestionId)
                      .<ResponseEntity<?>>map(ResponseEntity::ok)
                      .orElseGet(() -> notFound(guildId, suggestionId)));
        });
  }

  @GetMapping(path = "/guilds/{guildId}/suggestions", produces = "application/json")
  ResponseEntity<?> suggestions(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String guildId,
      @RequestParam(defaultValue = "pending") String state,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "25") int size) {
    return access.authorised(
        authorization,
        () -> {
          discordId("guildId", guildId);
          ApiAccess.page(page, size);
          var items = suggestions.inState(guildId, oneOf(State.class, "state", state), page, size);
          return ResponseEntity.ok(Map.of("page", page, "size", size, "items", items));
        });
  }

  /**
   * The suggestions whose message names the member (author, note author, resolver) in any guild, at
   * most 1,000: for the bot to edit them when the member is forgotten. {@code memberId} is a
   * Discord id or a forgotten member's pseudonym.
   */
  @GetMapping(path = "/members/{memberId}/suggestions", produces = "application/json")
  ResponseEntity<?> naming(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String memberId) {
    return access.authorised(
        authorization,
        () -> {
          if (!Sealing.isPseudonym(memberId)) {
            discordId("memberId", memberId);
          }
          return ResponseEntity.ok(Map.of("items", suggestions.naming(memberId, 1_000)));
        });
  }

  /** Autocomplete of sID options: matching ids, newest first, at most 25. */
  @GetMapping(path = "/guilds/{guildId}/suggestion-ids", produces = "application/json")
  ResponseEntity<?> suggestionIds(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String guildId,
      @RequestParam(defaultValue = "") String contains) {
    return access.authorised(
        authorization,
        () -> {
          discordId("guildId", guildId);
          String fragment = ApiAccess.text("contains", contains, QueryLimits.CONTAINS_MAX).strip();
          return ResponseEntity.ok(Map.of("ids", suggestions.idsContaining(guildId, fragment, 25)));
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
    return access.authorised(
        authorization,
        () -> {
          discordId("guildId", guildId);
          shortId("suggestionId", suggestionId);
          ApiAccess.page(page, size);
          VoteDirection only =
              direction.equalsIgnoreCase("all")
                  ? null
                  : oneOf(VoteDirection.class, "direction", direction);
          // Cleared suggestions are hidden from voter views.
          if (suggestions
              .one(guildId, suggestionId)
              .filter(s -> s.state() != State.CLEARED)
              .isEmpty()) {
            return notFound(guildId, suggestionId);
          }
          var voters = suggestions.voters(guildId, suggestionId, only, page, size);
          return ResponseEntity.ok(Map.of("page", page, "size", size, "voterIds", voters));
        });
  }

  private static ResponseEntity<?> notFound(String guildId, String suggestionId) {
    return ApiAccess.problem(
        HttpStatus.NOT_FOUND,
        "There is no suggestion " + suggestionId + " in guild " + guildId + " (yet).");
  }
}
