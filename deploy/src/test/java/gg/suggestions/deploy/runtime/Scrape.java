package gg.suggestions.deploy.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.Yaml;

/** One scrape of a node's {@code /actuator/prometheus}, and the queries that read it. */
record Scrape(String text) {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The deploy module's observability folder, from the module's directory (Maven's cwd). */
  static final Path OBSERVABILITY = Path.of("observability");

  static HttpResponse<String> get(String baseUrl, String token) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
            .timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Every metric name of the scrape (histograms' _bucket, _count and _sum each count). */
  Set<String> names() {
    Set<String> names = new TreeSet<>();
    text.lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0])
        .forEach(names::add);
    return names;
  }

  /**
   * The sum of every sample of {@code name} whose labels include {@code label}, e.g. {@code a="b"}.
   */
  double sum(String name, String label) {
    return text.lines()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .filter(line -> label == null || line.contains(label))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .filter(value -> !Double.isNaN(value))
        .sum();
  }

  /**
   * Every PromQL expression of the Grafana dashboards and the alert rules, by where it is: {@code
   * dashboard/panel title} or {@code alerts/rule name}.
   */
  static Map<String, String> observabilityQueries() throws IOException {
    Map<String, String> queries = new LinkedHashMap<>();
    ObjectMapper json = new ObjectMapper();
    try (var dashboards = Files.list(OBSERVABILITY.resolve("grafana").resolve("dashboards"))) {
      for (Path file : dashboards.filter(f -> f.toString().endsWith(".json")).toList()) {
        for (JsonNode panel : json.readTree(file.toFile()).path("panels")) {
          int i = 0;
          for (JsonNode target : panel.path("targets")) {
            queries.put(
                file.getFileName() + "/" + panel.path("title").asText() + "#" + i++,
                target.path("expr").asText());
          }
        }
      }
    }
    try (Reader reader = Files.newBufferedReader(OBSERVABILITY.resolve("alerts.yml"))) {
      Map<String, Object> alerts = new Yaml().load(reader);
      for (Object group : list(alerts.get("groups"))) {
        for (Object rule : list(((Map<?, ?>) group).get("rules"))) {
          Map<?, ?> r = (Map<?, ?>) rule;
          queries.put("alerts.yml/" + r.get("alert"), String.valueOf(r.get("expr")));
        }
      }
    }
    return queries;
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> l ? l : new ArrayList<>();
  }
}
