package gg.suggestions.deploy.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What the hostile HTTP test observed: statuses per input class for the closing table, and every
 * answer that broke the rules (a 5xx, or a refusal that is not a problem document).
 */
final class HttpOutcomes {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Map<String, Integer>> statuses = new TreeMap<>();
  private final List<String> violations = new ArrayList<>();

  /**
   * Records one answer; {@code allowed5xx} says which 5xx the contract documents for this input
   * (none for almost all of them).
   */
  void record(
      String inputClass,
      String request,
      int status,
      String contentType,
      String body,
      Predicate<Integer> allowed5xx) {
    count(inputClass, status == 0 ? "no answer" : Integer.toString(status));
    if (status == 0) {
      violations.add(inputClass + ": no answer to " + request);
    } else if (status >= 500 && !allowed5xx.test(status)) {
      violations.add(inputClass + ": " + status + " for " + request + " " + shorten(body));
    } else if (status >= 400 && !isProblem(status, contentType, body)) {
      violations.add(
          inputClass
              + ": not a problem document ("
              + contentType
              + ") for "
              + request
              + " "
              + shorten(body));
    }
  }

  void record(String inputClass, String request, int status, String contentType, String body) {
    record(inputClass, request, status, contentType, body, s -> false);
  }

  /**
   * Records a command the command service decided: refused for a domain reason (403, 409, 422), its
   * body the reply envelope as {@code POST /commands} documents, not a problem document.
   */
  void recordDecision(String inputClass, int status) {
    count(inputClass, status + " reply");
  }

  private void count(String inputClass, String status) {
    statuses.computeIfAbsent(inputClass, c -> new TreeMap<>()).merge(status, 1, Integer::sum);
  }

  static boolean isProblem(int status, String contentType, String body) {
    if (contentType == null || !contentType.startsWith("application/problem+json")) {
      return false;
    }
    try {
      JsonNode problem = JSON.readTree(body);
      return problem.path("status").asInt() == status && problem.path("detail").isTextual();
    } catch (Exception e) {
      return false;
    }
  }

  List<String> violations() {
    return violations;
  }

  /** The table for the closing note: input class, then how often each status was seen. */
  String table() {
    StringBuilder table =
        new StringBuilder(String.format("%-34s | %s%n", "input class", "statuses"));
    table.append("-".repeat(34)).append("-|-").append("-".repeat(40)).append('\n');
    statuses.forEach(
        (inputClass, counts) -> {
          StringBuilder seen = new StringBuilder();
          counts.forEach((status, n) -> seen.append(status).append(" x").append(n).append("  "));
          table.append(String.format("%-34s | %s%n", inputClass, seen.toString().strip()));
        });
    return table.toString();
  }

  private static String shorten(String body) {
    String text = body == null ? "" : body.replaceAll("\\s+", " ");
    return text.length() > 160 ? text.substring(0, 160) + "…" : text;
  }
}
