package gg.suggestions.query.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.query.ProjectionCatalog;
import gg.suggestions.query.projection.ProjectionProcessor;
import gg.suggestions.query.projection.Projections;
import gg.suggestions.query.projection.localestats.LocaleStatsQueries;
import gg.suggestions.query.projection.suggestions.SuggestionQueries;
import gg.suggestions.query.projection.suggestions.SuggestionRow;
import gg.suggestions.query.projection.usage.UsageQueries;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The operators' web console: server-rendered pages (Thymeleaf, which escapes every value it
 * prints), htmx for the live parts and uPlot for the charts, both served from webjars. Every page
 * reads a bounded page through an index; nothing on page load scans a table or the log.
 */
@Controller
@RequestMapping("/console")
class ConsoleController {

  static final int PAGE = 50;
  private static final Pattern DISCORD_ID = Pattern.compile("[0-9]{1,20}");
  private static final Pattern SUGGESTION_ID = Pattern.compile("[a-z0-9]{1,16}");
  private static final ObjectMapper JSON = EnvelopeCodec.defaultMapper();

  private final ConsoleSession session;
  private final Projections projections;
  private final ConsoleRebuilds rebuilds;
  private final EventBrowser events;
  private final CommandSide commands;
  private final SuggestionQueries suggestions;
  private final LocaleStatsQueries localeStats;
  private final UsageQueries usage;
  private final JdbcTemplate jdbc;
  private final Clock clock;

  ConsoleController(
      ConsoleSession session,
      Projections projections,
      ConsoleRebuilds rebuilds,
      EventBrowser events,
      CommandSide commands,
      SuggestionQueries suggestions,
      LocaleStatsQueries localeStats,
      UsageQueries usage,
      DataSource dataSource) {
    this.session = session;
    this.projections = projections;
    this.rebuilds = rebuilds;
    this.events = events;
    this.commands = commands;
    this.suggestions = suggestions;
    this.localeStats = localeStats;
    this.usage = usage;
    this.jdbc = new JdbcTemplate(dataSource);
    this.clock = Clock.systemUTC();
  }

  /** A request the console refuses, with what was wrong: shown on the error page with a 400. */
  static final class BadInput extends RuntimeException {
    BadInput(String message) {
      super(message);
    }
  }

  @ExceptionHandler(BadInput.class)
  @ResponseStatus(HttpStatus.BAD_REQUEST)
  String badInput(BadInput e, Model model) {
    model.addAttribute("problem", e.getMessage());
    return "console/problem";
  }

  // Sign-in -------------------------------------------------------------------------------------

  @GetMapping("/login")
  String login(@RequestParam(required = false) String next, Model model) {
    model.addAttribute("next", ConsoleAccess.safeNext(next));
    model.addAttribute("enabled", session.isEnabled());
    return "console/login";
  }

  @PostMapping("/login")
  String signIn(
      @RequestParam(required = false) String token,
      @RequestParam(required = false) String next,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    if (!session.isToken(token)) {
      response.setStatus(HttpStatus.UNAUTHORIZED.value());
      model.addAttribute("next", ConsoleAccess.safeNext(next));
      model.addAttribute("enabled", session.isEnabled());
      model.addAttribute("problem", "That is not the API token (SUGGESTIONS_API_TOKEN).");
      return "console/login";
    }
    Cookie cookie = new Cookie(ConsoleSession.COOKIE, session.issue());
    cookie.setHttpOnly(true);
    cookie.setSecure(request.isSecure());
    cookie.setPath("/console");
    cookie.setMaxAge((int) ConsoleSession.LIFETIME.toSeconds());
    cookie.setAttribute("SameSite", "Strict");
    response.addCookie(cookie);
    return "redirect:" + ConsoleAccess.safeNext(next);
  }

  @PostMapping("/logout")
  String signOut(HttpServletResponse response) {
    Cookie cookie = new Cookie(ConsoleSession.COOKIE, "");
    cookie.setPath("/console");
    cookie.setMaxAge(0);
    response.addCookie(cookie);
    return "redirect:/console/login";
  }

  // Overview and projections --------------------------------------------------------------------

  @GetMapping({"", "/"})
  String overview(Model model) {
    List<Projections.Status> status = projections.status();
    model.addAttribute("projections", status);
    model.addAttribute("caughtUp", status.stream().filter(Projections.Status::caughtUp).count());
    model.addAttribute(
        "deadLetters", status.stream().mapToLong(Projections.Status::deadLetters).sum());
    model.addAttribute("eventsAvailable", events.isAvailable());
    return "console/overview";
  }

  @GetMapping("/projections")
  String projections(Model model) {
    model.addAttribute("projections", projections.status());
    model.addAttribute("readings", readingsOrNone());
    model.addAttribute("rebuilds", rebuilds.recent());
    return "console/projections";
  }

  @GetMapping("/projections/{name}/dead-letters")
  String deadLetters(
      @PathVariable String name, @RequestParam(defaultValue = "0") int page, Model model) {
    String schema = ProjectionProcessor.schemaOf(known(name));
    requirePage(page);
    model.addAttribute("projection", name);
    model.addAttribute("page", page);
    model.addAttribute(
        "letters",
        jdbc.queryForList(
            "SELECT dead_key, event_type, aggregate_id, sequence, error, left(payload, 2000) AS"
                + " payload, dead_at FROM "
                + schema
                + ".dead_letter ORDER BY dead_key LIMIT ? OFFSET ?",
            PAGE + 1,
            (long) page * PAGE));
    return "console/dead-letters";
  }

  @PostMapping("/projections/{name}/rebuild")
  String rebuild(@PathVariable String name, Model model) {
    model.addAttribute("job", rebuilds.start(known(name)));
    return "console/rebuild :: progress";
  }

  @GetMapping("/rebuilds/{id}")
  String rebuildProgress(@PathVariable String id, Model model) {
    model.addAttribute(
        "job", rebuilds.job(id).orElseThrow(() -> new BadInput("No such rebuild on this node.")));
    return "console/rebuild :: progress";
  }

  // Suggestions ---------------------------------------------------------------------------------

  @GetMapping("/suggestions")
  String suggestions(
      @RequestParam(required = false) String guild,
      @RequestParam(defaultValue = "PENDING") String state,
      @RequestParam(defaultValue = "0") int page,
      Model model) {
    model.addAttribute("states", SuggestionRow.State.values());
    model.addAttribute("state", state);
    model.addAttribute("guild", guild);
    model.addAttribute("page", page);
    if (guild != null && !guild.isBlank()) {
      SuggestionRow.State chosen = stateOf(state);
      requirePage(page);
      model.addAttribute(
          "suggestions", suggestions.inState(discordId("guild", guild), chosen, page, PAGE + 1));
    }
    return "console/suggestions";
  }

  @GetMapping("/suggestions/{guild}/{id}")
  String suggestion(@PathVariable String guild, @PathVariable String id, Model model) {
    discordId("guild", guild);
    if (!SUGGESTION_ID.matcher(id).matches()) {
      throw new BadInput("A suggestion id is 1 to 16 lower-case letters and digits.");
    }
    model.addAttribute("guild", guild);
    model.addAttribute("id", id);
    model.addAttribute("suggestion", suggestions.one(guild, id).orElse(null));
    boolean available = events.isAvailable();
    model.addAttribute("eventsAvailable", available);
    model.addAttribute(
        "history", available ? events.history(guild + "/" + id) : List.<EventBrowser.Event>of());
    return "console/suggestion";
  }

  // Event stream --------------------------------------------------------------------------------

  @GetMapping("/events")
  String events(
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String guild,
      @RequestParam(required = false) String aggregate,
      @RequestParam(required = false) String before,
      @RequestParam(required = false) Long below,
      Model model) {
    EventBrowser.Filter filter = filter(type, guild, aggregate, before);
    model.addAttribute("types", EventBrowser.TYPES);
    model.addAttribute("filter", filter);
    boolean available = events.isAvailable();
    model.addAttribute("eventsAvailable", available);
    List<EventBrowser.Event> page =
        available ? events.page(filter, below, PAGE + 1) : List.<EventBrowser.Event>of();
    model.addAttribute("events", page.subList(0, Math.min(PAGE, page.size())));
    model.addAttribute("nextBelow", page.size() > PAGE ? page.get(PAGE - 1).position() : null);
    model.addAttribute("newest", page.isEmpty() ? 0 : page.get(0).position());
    model.addAttribute("tailing", below == null);
    return "console/events";
  }

  /** The live tail: events newer than {@code above}, as table rows for htmx to put on top. */
  @GetMapping("/events/tail")
  String tail(
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String guild,
      @RequestParam(required = false) String aggregate,
      @RequestParam long above,
      Model model) {
    EventBrowser.Filter filter = filter(type, guild, aggregate, null);
    List<EventBrowser.Event> newer =
        events.isAvailable() ? events.after(filter, above, PAGE) : List.of();
    model.addAttribute("events", newer);
    model.addAttribute("filter", filter);
    model.addAttribute("newest", newer.isEmpty() ? above : newer.get(0).position());
    return "console/events-parts :: tail";
  }

  // Statistics ----------------------------------------------------------------------------------

  @GetMapping("/stats")
  String stats(
      @RequestParam(required = false) String guild,
      @RequestParam(defaultValue = "30") int days,
      Model model)
      throws JsonProcessingException {
    if (days < 1 || days > 366) {
      throw new BadInput("days is 1 to 366.");
    }
    LocalDate to = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    LocalDate from = to.minusDays(days - 1L);
    model.addAttribute("guild", guild);
    model.addAttribute("days", days);
    // Usage per hour over at most two weeks, every hour shown, those without interactions as 0.
    Instant now = clock.instant().truncatedTo(ChronoUnit.HOURS);
    Instant since = now.minus(Math.min(days, 14), ChronoUnit.DAYS);
    Map<Long, Double> perHour = new TreeMap<>();
    for (Instant h = since; !h.isAfter(now); h = h.plus(1, ChronoUnit.HOURS)) {
      perHour.put(h.getEpochSecond(), 0.0);
    }
    usage
        .between(since, now.plusSeconds(3600))
        .forEach(
            h ->
                perHour.computeIfPresent(
                    h.hour().getEpochSecond(), (k, v) -> v + h.interactions()));
    model.addAttribute(
        "usage",
        chart(
            List.copyOf(perHour.keySet()), Map.of("interactions", List.copyOf(perHour.values()))));
    if (guild != null && !guild.isBlank()) {
      String id = discordId("guild", guild);
      List<LocalStatsRow> stats =
          localeStats.of(id, from, to).stream()
              .map(
                  s ->
                      new LocalStatsRow(
                          s.day(), s.locale(), s.command(), s.outcome(), s.interactions()))
              .toList();
      model.addAttribute("byLocale", daily(from, to, stats, LocalStatsRow::locale));
      model.addAttribute("byCommand", daily(from, to, stats, LocalStatsRow::command));
      model.addAttribute("byOutcome", daily(from, to, stats, LocalStatsRow::outcome));
      List<LocalStatsRow> outcomes =
          suggestions.dailyOutcomes(id, from, to).stream()
              .map(
                  row ->
                      new LocalStatsRow(
                          ((Date) row.get("day")).toLocalDate(),
                          null,
                          null,
                          String.valueOf(row.get("outcome")),
                          ((Number) row.get("suggestions")).longValue()))
              .toList();
      model.addAttribute("suggestionOutcomes", daily(from, to, outcomes, LocalStatsRow::outcome));
    }
    return "console/stats";
  }

  private record LocalStatsRow(
      LocalDate day, String locale, String command, String outcome, long count) {}

  /** Daily series per key, as the chart script reads them: JSON with days and one series each. */
  private static String daily(
      LocalDate from, LocalDate to, List<LocalStatsRow> rows, Function<LocalStatsRow, String> key)
      throws JsonProcessingException {
    List<Long> days = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      days.add(d.atStartOfDay(ZoneOffset.UTC).toEpochSecond());
    }
    Map<String, double[]> series = new TreeMap<>();
    for (LocalStatsRow row : rows) {
      int i = (int) ChronoUnit.DAYS.between(from, row.day());
      if (i >= 0 && i < days.size()) {
        series.computeIfAbsent(String.valueOf(key.apply(row)), k -> new double[days.size()])[i] +=
            row.count();
      }
    }
    Map<String, List<Double>> lists = new LinkedHashMap<>();
    series.forEach((k, v) -> lists.put(k, Arrays.stream(v).boxed().toList()));
    return chart(days, lists);
  }

  private static String chart(List<Long> x, Map<String, List<Double>> series)
      throws JsonProcessingException {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("x", x);
    data.put("series", series);
    // In a <script type="application/json">: no "</script>" can end it early.
    return JSON.writeValueAsString(data).replace("<", "\\u003c");
  }

  // Command side --------------------------------------------------------------------------------

  @GetMapping("/commands")
  String commandSide(Model model) {
    try {
      model.addAttribute("partitions", commands.partitions());
    } catch (Exception e) {
      model.addAttribute("problem", "The command group could not be read: " + e.getMessage());
      model.addAttribute("partitions", List.of());
    }
    model.addAttribute("changes", commands.changes());
    return "console/commands";
  }

  // Input checks --------------------------------------------------------------------------------

  private static String known(String projection) {
    if (ProjectionCatalog.named(projection).isEmpty()) {
      throw new BadInput("There is no projection of that name.");
    }
    return projection;
  }

  private static void requirePage(int page) {
    if (page < 0 || page > 100_000) {
      throw new BadInput("page is 0 to 100000.");
    }
  }

  private static String discordId(String what, String value) {
    if (value == null || !DISCORD_ID.matcher(value.strip()).matches()) {
      throw new BadInput("The " + what + " is a Discord id: 1 to 20 digits.");
    }
    return value.strip();
  }

  private static SuggestionRow.State stateOf(String state) {
    try {
      return SuggestionRow.State.valueOf(state);
    } catch (IllegalArgumentException e) {
      throw new BadInput("state is one of PENDING, APPROVED, REJECTED, CLEARED.");
    }
  }

  private static EventBrowser.Filter filter(
      String type, String guild, String aggregate, String before) {
    String t = blank(type);
    if (t != null && !EventBrowser.TYPES.contains(t)) {
      throw new BadInput("type is an event type of the log.");
    }
    String g = blank(guild) == null ? null : discordId("guild", guild);
    String a = blank(aggregate);
    if (a != null && (a.length() > 255 || a.chars().anyMatch(c -> c < 0x20))) {
      throw new BadInput("aggregate is an aggregate id: at most 255 printable characters.");
    }
    String b = blank(before);
    if (b != null) {
      try {
        b = Instant.parse(b).toString();
      } catch (DateTimeParseException e) {
        throw new BadInput("before is an instant such as 2026-12-07T10:00:00Z.");
      }
    }
    return new EventBrowser.Filter(t, g, a, b);
  }

  private static String blank(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** Where each projection is; none while the log's end can not be read (the page still shows). */
  private Map<String, Projections.Reading> readingsOrNone() {
    try {
      return projections.readings();
    } catch (RuntimeException e) {
      return Map.of();
    }
  }
}
