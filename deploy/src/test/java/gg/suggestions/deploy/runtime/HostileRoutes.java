package gg.suggestions.deploy.runtime;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every query route with a valid value for each of its parameters, so a test can spoil one at a
 * time. A parameter whose valid value is {@code null} is left out unless it is the spoiled one.
 */
final class HostileRoutes {

  static final String GUILD = "601219766258106399";
  private static final String SID = "k3x9ab2f";

  /** A route: its path template ({@code {name}} for path parameters) and its parameters. */
  record Route(String template, Map<String, String> parameters) {

    /** The path and query with {@code spoiled} set to {@code value}, both URL-encoded. */
    String uri(String spoiled, String value) {
      String path = template;
      StringBuilder query = new StringBuilder();
      for (Map.Entry<String, String> parameter : parameters.entrySet()) {
        String name = parameter.getKey();
        String given = name.equals(spoiled) ? value : parameter.getValue();
        if (path.contains("{" + name + "}")) {
          path = path.replace("{" + name + "}", encode(given));
        } else if (given != null) {
          query.append(query.isEmpty() ? '?' : '&').append(name).append('=').append(encode(given));
        }
      }
      return path + query;
    }
  }

  private HostileRoutes() {}

  static List<Route> all() {
    return List.of(
        route("/guilds/{guildId}/suggestions/{suggestionId}", "atLeast", null, "waitMillis", "0"),
        route("/guilds/{guildId}/suggestions", "state", "pending", "page", "0", "size", "5"),
        route("/guilds/{guildId}/suggestion-ids", "contains", "k3"),
        route(
            "/guilds/{guildId}/suggestions/{suggestionId}/voters",
            "direction",
            "up",
            "page",
            "0",
            "size",
            "5"),
        route("/guilds/{guildId}/config", "atLeast", null, "waitMillis", "0"),
        route("/users/{userId}/config", "atLeast", null, "waitMillis", "0"),
        route("/guilds/{guildId}/queue", "page", "0", "size", "1"),
        route("/guilds/{guildId}/queue/{queueId}", "atLeast", null, "waitMillis", "0"),
        route("/guilds/{guildId}/queue/info"),
        route("/guilds/{guildId}/stats/locales", "from", "2026-01-01", "to", "2026-01-31"),
        route("/guilds/{guildId}/stats/suggestions", "from", "2026-01-01", "to", "2026-01-31"),
        route("/guilds/{guildId}/members/{memberId}/stats"),
        route("/usage/hourly", "from", "2026-01-01T00:00:00Z", "to", "2026-01-02T00:00:00Z"));
  }

  private static Route route(String template, String... query) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String name : List.of("guildId", "suggestionId", "userId", "queueId", "memberId")) {
      if (template.contains("{" + name + "}")) {
        parameters.put(name, name.equals("suggestionId") || name.equals("queueId") ? SID : GUILD);
      }
    }
    for (int i = 0; i < query.length; i += 2) {
      parameters.put(query[i], query[i + 1]);
    }
    return new Route(template, parameters);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
