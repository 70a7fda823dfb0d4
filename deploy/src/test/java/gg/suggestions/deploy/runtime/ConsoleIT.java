package gg.suggestions.deploy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildChannel;
import gg.suggestions.eventstore.contract.suggestion.SubmitSuggestion;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.contract.suggestion.VoteOnSuggestion;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.TestCommands;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.logging.Level;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (Debian's headless Chromium through its chromedriver) against
 * the running platform: sign-in, every page without a console error, the filters, a rebuild started
 * from its page that completes with its progress shown, and a dead letter on its page. Writes a
 * screenshot of each page to {@code target/console/}. Skipped where Chromium is not installed
 * ({@code .ci/run} installs it).
 */
class ConsoleIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String TOKEN = "it-token-" + UUID.randomUUID();
  private static final String GUILD = "771122334455667788";
  private static final Actor ADMIN = TestCommands.ADMIN;
  private static final Actor MEMBER = new Actor("42", 0, List.of());
  private static final String TEXT = "A dark mode <script>alert('owned')</script> for the bot";
  private static final ObjectMapper JSON = EnvelopeCodec.defaultMapper();
  private static final Path SHOTS = Path.of("target", "console");

  private static RunningPlatform platform;
  private static String base;
  private static String suggestionId;
  private static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Chromium is not installed (apt-get install chromium chromium-driver)");
    platform = PlatformHttp.start(TOKEN);
    base = PlatformHttp.baseUrl(platform);
    awaitReady();
    accepted(new SetGuildChannel(GUILD, GuildChannel.SUGGESTIONS, "771122334455667799"), ADMIN);
    JsonNode submitted = accepted(new SubmitSuggestion(GUILD, TEXT, null, false), MEMBER);
    suggestionId = submitted.path("result").path("suggestionId").asText();
    accepted(new VoteOnSuggestion(GUILD, suggestionId, VoteDirection.UP), ADMIN);
    try (var producer = TestCommands.gateway(platform.bootstrapServers())) {
      producer
          .send(
              new ProducerRecord<>(
                  SuggestionTopics.EVENTS,
                  GUILD,
                  "not an envelope".getBytes(StandardCharsets.UTF_8)))
          .get();
    }
    Files.createDirectories(SHOTS);
    browser = chromium();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void anOperatorSignsInSeesEveryPageRebuildsAProjectionAndFindsTheDeadLetter() throws Exception {
    browser.get(base + "/console/events");
    assertThat(browser.getCurrentUrl()).contains("/console/login");
    signIn("not-the-token-at-all-" + UUID.randomUUID());
    assertThat(
            wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".problem"))).getText())
        .contains("not the API token");
    signIn(TOKEN);
    wait(ExpectedConditions.urlContains("/console/events"));
    browser.manage().logs().get(LogType.BROWSER); // The refused sign-in's 401 is expected.
    page("events");

    // The live tail puts a new event on top without a reload.
    accepted(new SetGuildChannel(GUILD, GuildChannel.LOG, "771122334455667711"), ADMIN);
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(
            d ->
                rows("#events tr").stream()
                        .anyMatch(row -> row.contains("GuildChannelSet") && row.contains(GUILD))
                    && rows("#events tr").get(0).contains("GuildChannelSet"));

    // The event stream, filtered by type, shows the suggestion's events and links the aggregate.
    new Select(browser.findElement(By.name("type"))).selectByValue("SuggestionSubmitted");
    browser.findElement(By.cssSelector(".filters button")).click();
    wait(ExpectedConditions.urlContains("type=SuggestionSubmitted"));
    assertThat(rows("#events tr"))
        .isNotEmpty()
        .allMatch(row -> row.contains("SuggestionSubmitted"));
    assertThat(browser.getPageSource()).doesNotContain("<script>alert('owned')</script>");
    page("events-filtered");

    // Suggestions of the guild, then one suggestion with its full history.
    browser.get(base + "/console/suggestions?guild=" + GUILD + "&state=PENDING");
    assertThat(rows("#suggestions tbody tr")).anyMatch(row -> row.contains(suggestionId));
    page("suggestions");
    browser.findElement(By.linkText(suggestionId)).click();
    wait(ExpectedConditions.presenceOfElementLocated(By.id("history")));
    assertThat(rows("#history tbody tr"))
        .anyMatch(row -> row.contains("SuggestionSubmitted"))
        .anyMatch(row -> row.contains("VoteCast"));
    assertThat(browser.findElement(By.cssSelector(".facts")).getText()).contains(TEXT);
    page("suggestion");

    // The dead letter of the record that is not an envelope.
    browser.get(base + "/console/projections/suggestions/dead-letters");
    wait(ExpectedConditions.presenceOfElementLocated(By.id("dead-letters")));
    assertThat(rows("#dead-letters tbody tr")).anyMatch(row -> row.contains("Not an envelope"));
    page("dead-letters");

    // A rebuild started from the projections page runs to the swap, its progress shown.
    browser.get(base + "/console/projections");
    browser.findElement(By.cssSelector("#projection-suggestions button.rebuild")).click();
    wait(ExpectedConditions.alertIsPresent()).accept();
    wait(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#rebuild-suggestions progress")));
    new WebDriverWait(browser, Duration.ofSeconds(90))
        .ignoring(StaleElementReferenceException.class) // htmx replaces it every second
        .until(
            ExpectedConditions.attributeToBe(
                By.cssSelector("#rebuild-suggestions .rebuild-progress"), "data-state", "SWAPPED"));
    assertThat(browser.findElement(By.cssSelector("#rebuild-suggestions")).getText())
        .contains("swapped in");
    page("projections");

    browser.get(base + "/console/stats?guild=" + GUILD + "&days=7");
    wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("figure.chart canvas")));
    assertThat(browser.findElements(By.cssSelector("figure.chart canvas")))
        .hasSizeGreaterThanOrEqualTo(5);
    page("stats");

    browser.get(base + "/console/commands");
    assertThat(rows("#partitions tbody tr")).hasSize(12).noneMatch(row -> row.contains("nobody"));
    page("commands");

    browser.get(base + "/console");
    assertThat(browser.findElement(By.cssSelector(".cards")).getText()).contains("dead letters");
    page("overview");
  }

  @Test
  void consoleActionsFromAnotherSiteAreRefused() throws Exception {
    var http = HttpClient.newHttpClient();
    var forged =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/console/projections/suggestions/rebuild"))
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    var anonymous =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/console/events")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).contains("/console/login"));
    assertThat(anonymous.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(p -> assertThat(p).contains("script-src 'self'"));
  }

  /**
   * Seeded hostile values in every parameter of every page: each is answered 200 or 400 with the
   * page or a precise problem, never a server error, and nothing sent comes back unescaped.
   */
  @Test
  void everyPageAnswersHostileParametersWithAPageOrAPreciseRefusal() throws Exception {
    long seed = Long.getLong("hostile.seed", System.nanoTime());
    Random random = new Random(seed);
    HttpClient http = HttpClient.newHttpClient();
    String cookie = signInOver(http);
    // The time filter: nothing was written before 2000, everything before an hour from now.
    String row = "<td>SuggestionSubmitted</td>";
    assertThat(consolePage(http, cookie, "/console/events?before=2000-01-01T00:00:00Z"))
        .doesNotContain(row);
    assertThat(
            consolePage(http, cookie, "/console/events?before=" + Instant.now().plusSeconds(3600)))
        .contains(row);
    List<String> hostile =
        List.of(
            "",
            "-1",
            "99999999999999999999999",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "%00",
            "\u0000",
            "../../etc/passwd",
            "x".repeat(5000),
            "2026-13-45T99:99:99Z",
            "SuggestionSubmitted'; DROP TABLE x; --",
            "🙂🙂🙂",
            "NaN");
    List<String> pages =
        List.of(
            "/console/events?type=%s",
            "/console/events?guild=%s",
            "/console/events?aggregate=%s",
            "/console/events?before=%s",
            "/console/events?below=%s",
            "/console/events/tail?above=%s",
            "/console/suggestions?guild=%s",
            "/console/suggestions?guild=" + GUILD + "&state=%s",
            "/console/suggestions?guild=" + GUILD + "&page=%s",
            "/console/suggestions/%s/abc",
            "/console/suggestions/" + GUILD + "/%s",
            "/console/projections/%s/dead-letters",
            "/console/projections/suggestions/dead-letters?page=%s",
            "/console/stats?guild=%s",
            "/console/stats?days=%s",
            "/console/rebuilds/%s");
    for (String page : pages) {
      for (int i = 0; i < 4; i++) {
        String value = hostile.get(random.nextInt(hostile.size()));
        String path = page.formatted(URLEncoder.encode(value, StandardCharsets.UTF_8));
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode())
            .as(path + " (seed " + seed + "): " + answer.body())
            .isIn(200, 400, 404);
        if (answer.headers().firstValue("Content-Type").orElse("").startsWith("text/html")) {
          // A page escapes what it shows; a problem document (JSON, nosniff) is no page.
          assertThat(answer.body()).as(path).doesNotContain("<script>alert(1)</script>");
        }
      }
    }
  }

  private static String consolePage(HttpClient http, String cookie, String path) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(path).isEqualTo(200);
    return answer.body();
  }

  /** Signs in as a browser would (a form post from a console page); returns the cookie. */
  private static String signInOver(HttpClient http) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", base)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "token=" + URLEncoder.encode(TOKEN, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(302);
    return answer.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
  }

  /** Checks the page for errors in the browser's console and keeps its screenshot. */
  private static void page(String name) throws Exception {
    List<LogEntry> severe =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
            .toList();
    assertThat(severe).as("console errors on " + browser.getCurrentUrl()).isEmpty();
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static void signIn(String token) {
    browser.findElement(By.id("token")).sendKeys(token);
    browser.findElement(By.cssSelector("form button")).click();
  }

  private static List<String> rows(String selector) {
    return browser.findElements(By.cssSelector(selector)).stream().map(e -> e.getText()).toList();
  }

  private static <T> T wait(ExpectedCondition<T> condition) {
    return new WebDriverWait(browser, Duration.ofSeconds(30)).until(condition);
  }

  private static WebDriver chromium() {
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(CHROMIUM.toFile())
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    return new ChromeDriver(service, options);
  }

  private static JsonNode accepted(Object command, Actor actor) throws Exception {
    var response = PlatformHttp.command(base, TOKEN, GUILD, command, actor);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static void awaitReady() {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> PlatformHttp.get(base, TOKEN, "/actuator/health/readiness").statusCode() == 200);
  }
}
