package gg.suggestions.query.api;

import static gg.suggestions.query.api.ApiAccess.discordId;

import gg.suggestions.query.projection.localestats.LocaleStatsQueries;
import gg.suggestions.query.projection.memberstats.MemberStatsQueries;
import gg.suggestions.query.projection.suggestions.SuggestionQueries;
import gg.suggestions.query.projection.usage.UsageQueries;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The statistics, all rebuilt from the log like every other projection. */
@RestController
class StatsQueryController {

  /** The longest span one request may ask for, so a query stays cheap. */
  static final int MAX_DAYS = QueryLimits.MAX_DAYS;

  private final ApiAccess access;
  private final LocaleStatsQueries localeStats;
  private final MemberStatsQueries memberStats;
  private final UsageQueries usage;
  private final SuggestionQueries suggestions;

  StatsQueryController(
      ApiAccess access,
      LocaleStatsQueries localeStats,
      MemberStatsQueries memberStats,
      UsageQueries usage,
      SuggestionQueries suggestions) {
    this.access = access;
    this.localeStats = localeStats;
    this.memberStats = memberStats;
    this.usage = usage;
    this.suggestions = suggestions;
  }

  /** Interactions per day, locale, command and outcome; days in UTC, both ends included. */
  @GetMapping(path = "/guilds/{guildId}/stats/locales", produces = "application/json")
  ResponseEntity<?> locales(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String guildId,
      @RequestParam String from,
      @RequestParam String to) {
    return access.authorised(
        authorization,
        () -> {
          Days days = days(from, to);
          return ResponseEntity.ok(
              Map.of(
                  "items", localeStats.of(discordId("guildId", guildId), days.from(), days.to())));
        });
  }

  /** Suggestions submitted, approved, rejected and cleared per day; both ends included. */
  @GetMapping(path = "/guilds/{guildId}/stats/suggestions", produces = "application/json")
  ResponseEntity<?> suggestions(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String guildId,
      @RequestParam String from,
      @RequestParam String to) {
    return access.authorised(
        authorization,
        () -> {
          Days days = days(from, to);
          return ResponseEntity.ok(
              Map.of(
                  "items",
                  suggestions.dailyOutcomes(
                      discordId("guildId", guildId), days.from(), days.to())));
        });
  }

  @GetMapping(path = "/guilds/{guildId}/members/{memberId}/stats", produces = "application/json")
  ResponseEntity<?> member(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String guildId,
      @PathVariable String memberId) {
    return access.authorised(
        authorization,
        () ->
            ResponseEntity.ok(
                Map.of(
                    "commands",
                    memberStats.of(
                        discordId("guildId", guildId), discordId("memberId", memberId)))));
  }

  /** Interactions per hour (UTC) from {@code from} (included) to {@code to} (excluded). */
  @GetMapping(path = "/usage/hourly", produces = "application/json")
  ResponseEntity<?> hourly(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestParam String from,
      @RequestParam String to) {
    return access.authorised(
        authorization,
        () -> {
          Instant start = instant("from", from);
          Instant end = instant("to", to);
          span(start, end);
          return ResponseEntity.ok(Map.of("items", usage.between(start, end)));
        });
  }

  private static LocalDate day(String name, String value) {
    try {
      return inRange(name, LocalDate.parse(value));
    } catch (DateTimeParseException e) {
      throw new ApiAccess.BadParameter(name, name + " must be a date such as 2026-06-01.");
    }
  }

  private static Instant instant(String name, String value) {
    try {
      Instant instant = Instant.parse(value);
      inRange(name, LocalDate.ofInstant(instant, ZoneOffset.UTC));
      return instant;
    } catch (DateTimeException e) { // unreadable, or beyond the years a LocalDate holds
      throw new ApiAccess.BadParameter(
          name, name + " must be an instant such as 2026-06-01T12:00:00Z.");
    }
  }

  /** A day PostgreSQL can store and a guild can have had: in the years 1970 to 9999. */
  private static LocalDate inRange(String name, LocalDate day) {
    if (day.isBefore(QueryLimits.FIRST_DAY) || day.isAfter(QueryLimits.LAST_DAY)) {
      throw new ApiAccess.BadParameter(
          name,
          name
              + " must be from "
              + QueryLimits.FIRST_DAY
              + " to "
              + QueryLimits.LAST_DAY
              + ", not "
              + day
              + ".");
    }
    return day;
  }

  /** Days (UTC) from and to, both included. */
  private record Days(LocalDate from, LocalDate to) {}

  private static Days days(String from, String to) {
    Days days = new Days(day("from", from), day("to", to));
    span(
        days.from().atStartOfDay(ZoneOffset.UTC).toInstant(),
        days.to().atStartOfDay(ZoneOffset.UTC).toInstant());
    return days;
  }

  private static void span(Instant from, Instant to) {
    if (to.isBefore(from) || Duration.between(from, to).toDays() >= MAX_DAYS) {
      throw new ApiAccess.BadParameter(
          "to", "from must not be after to, and the span is at most " + MAX_DAYS + " days.");
    }
  }
}
