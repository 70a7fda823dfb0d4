package gg.suggestions.query.api;

import static gg.suggestions.query.api.ApiAccess.discordId;
import static gg.suggestions.query.api.ApiAccess.shortId;

import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.query.projection.guildconfig.GuildConfigQueries;
import gg.suggestions.query.projection.queue.QueueQueries;
import gg.suggestions.query.projection.queue.QueuedItemRow;
import gg.suggestions.query.projection.userconfig.UserConfigQueries;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Guild and member settings, and the guild's queue. */
@RestController
class ConfigQueryController {

  private final ApiAccess access;
  private final GuildConfigQueries guildConfigs;
  private final UserConfigQueries userConfigs;
  private final QueueQueries queue;

  ConfigQueryController(
      ApiAccess access,
      GuildConfigQueries guildConfigs,
      UserConfigQueries userConfigs,
      QueueQueries queue) {
    this.access = access;
    this.guildConfigs = guildConfigs;
    this.userConfigs = userConfigs;
    this.queue = queue;
  }

  /** Every setting, with defaults for those never changed; {@code atLeast} as for suggestions. */
  @GetMapping(path = "/guilds/{guildId}/config", produces = "application/json")
  ResponseEntity<?> guildConfig(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String guildId,
      @RequestParam(required = false) Long atLeast,
      @RequestParam(defaultValue = "5000") long waitMillis) {
    return access.authorised(
        authorization,
        () -> {
          discordId("guildId", guildId);
          return ApiAccess.whenApplied(
              atLeast,
              waitMillis,
              () -> guildConfigs.of(guildId).lastSequence(),
              () -> ResponseEntity.ok(guildConfigs.of(guildId)));
        });
  }

  @GetMapping(path = "/users/{userId}/config", produces = "application/json")
  ResponseEntity<?> userConfig(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String userId,
      @RequestParam(required = false) Long atLeast,
      @RequestParam(defaultValue = "5000") long waitMillis) {
    return access.authorised(
        authorization,
        () -> {
          discordId("userId", userId);
          return ApiAccess.whenApplied(
              atLeast,
              waitMillis,
              () -> userConfigs.of(userId).lastSequence(),
              () -> ResponseEntity.ok(userConfigs.of(userId)));
        });
  }

  /** The waiting items, oldest first, as {@code /queue view} pages them. */
  @GetMapping(path = "/guilds/{guildId}/queue", produces = "application/json")
  ResponseEntity<?> queue(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String guildId,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "1") int size) {
    return access.authorised(
        authorization,
        () -> {
          discordId("guildId", guildId);
          ApiAccess.page(page, size);
          return ResponseEntity.ok(
              Map.of("page", page, "size", size, "items", queue.waiting(guildId, page, size)));
        });
  }

  /**
   * One queued item in any state, as the effects show and resolve it; with {@code atLeast}, waits
   * like the suggestion query.
   */
  @GetMapping(path = "/guilds/{guildId}/queue/{queueId}", produces = "application/json")
  ResponseEntity<?> queuedItem(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String guildId,
      @PathVariable String queueId,
      @RequestParam(required = false) Long atLeast,
      @RequestParam(defaultValue = "5000") long waitMillis) {
    return access.authorised(
        authorization,
        () -> {
          discordId("guildId", guildId);
          shortId("queueId", queueId);
          return ApiAccess.whenApplied(
              atLeast,
              waitMillis,
              () -> queue.find(guildId, queueId).map(QueuedItemRow::lastSequence).orElse(-1L),
              () ->
                  queue
                      .find(guildId, queueId)
                      .<ResponseEntity<?>>map(ResponseEntity::ok)
                      .orElseGet(
                          () ->
                              ApiAccess.problem(
                                  HttpStatus.NOT_FOUND,
                                  "There is no queued item "
                                      + queueId
                                      + " in guild "
                                      + guildId
                                      + " (yet).")));
        });
  }

  /** {@code /queue info}: waiting items per mode and whether new suggestions are queued. */
  @GetMapping(path = "/guilds/{guildId}/queue/info", produces = "application/json")
  ResponseEntity<?> queueInfo(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String guildId) {
    return access.authorised(
        authorization,
        () -> {
          discordId("guildId", guildId);
          var toggles = guildConfigs.of(guildId).toggles();
          return ResponseEntity.ok(
              Map.of(
                  "waiting", queue.waitingPerMode(guildId),
                  "queueing", toggles.get(GuildToggle.SUGGESTION_QUEUE),
                  "channelQueue", toggles.get(GuildToggle.CHANNEL_QUEUE)));
        });
  }
}
