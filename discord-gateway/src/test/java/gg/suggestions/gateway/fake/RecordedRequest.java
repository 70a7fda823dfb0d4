package gg.suggestions.gateway.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One REST request JDA made, as the fake saw it.
 *
 * @param path the path below the API base, with a leading slash, e.g. {@code /channels/1/messages}
 * @param query the raw query string or {@code ""}
 * @param body the JSON body (for multipart: the {@code payload_json} part) or {@code ""}
 * @param attachments file names of multipart file parts
 * @param status the HTTP status the fake answered with
 */
public record RecordedRequest(
    String method, String path, String query, String body, List<String> attachments, int status) {

  public JsonNode json() {
    return FakeDiscord.parse(body);
  }

  public boolean is(String method, String pathRegex) {
    return this.method.equalsIgnoreCase(method) && path.matches(pathRegex);
  }

  @Override
  public String toString() {
    return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " -> " + status;
  }
}
