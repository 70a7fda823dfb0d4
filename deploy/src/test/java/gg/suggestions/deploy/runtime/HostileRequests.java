package gg.suggestions.deploy.runtime;

import gg.suggestions.eventstore.limits.Limits;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fixed hostile requests of {@link HostileHttpIT}, by part of the request: authorization,
 * content type, body, path and method, headers and request line. Those {@link
 * java.net.http.HttpClient} refuses to send go over a raw socket.
 */
final class HostileRequests {

  private static final String CONFIG = "/guilds/" + HostileRoutes.GUILD + "/config";
  private static final String TOGGLE =
      "{\"type\":\"SetGuildToggle\",\"guildId\":\"601219766258106399\",\"locale\":\"en-GB\","
          + "\"actor\":{\"userId\":\"42\",\"permissions\":8,\"roleIds\":[]},"
          + "\"payload\":{\"guildId\":\"601219766258106399\",\"toggle\":\"KEEP_LOGS\","
          + "\"enabled\":true}}";
  private static final int FIVE_MB = 5 * 1024 * 1024;

  private HostileRequests() {}

  static void sendAuthorizationMistakes(HostileHttpIT it) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("wrong token", "Bearer wrong");
    headers.put("basic scheme", "Basic YTpi");
    headers.put("5000-char token", "Bearer " + "x".repeat(5000));
    for (var header : headers.entrySet()) {
      String inputClass = "authorization: " + header.getKey();
      it.record(
          inputClass,
          "GET",
          it.send(it.get(CONFIG).header("Authorization", header.getValue())),
          s -> false);
    }
    it.record("authorization: none", "GET", it.send(it.get(CONFIG)), s -> false);
    String[] raw = {"Bearer \u00c3\u00a9t\u00e9", "Bearer \u00ff\u00fe", "Bearer a\u0001b"};
    for (String value : raw) {
      it.sendRaw(
          "authorization: non-ASCII or control bytes",
          value,
          get(CONFIG, "Authorization: " + value));
    }
    it.sendRaw(
        "authorization: 20 KB (over Tomcat's header limit)",
        "20 KB",
        get(CONFIG, "Authorization: Bearer " + "x".repeat(20_000)));
  }

  static void sendContentTypeMistakes(HostileHttpIT it) throws Exception {
    String[] types = {
      null,
      "*/*",
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/json; charset=ISO-8859-1",
      "application/json; charset=nonsense",
      "application/xml",
      "multipart/form-data; boundary=x",
      "not a type"
    };
    for (String type : types) {
      it.postCommand(
          "content type: " + (type == null ? "absent" : type),
          String.valueOf(type),
          BodyPublishers.ofString(TOGGLE),
          type);
    }
  }

  static void sendBodyMistakes(HostileHttpIT it) throws Exception {
    Map<String, byte[]> bodies = new LinkedHashMap<>();
    bodies.put("not JSON", utf8("{not json"));
    bodies.put("not an object", utf8("[\"SetGuildToggle\"]"));
    bodies.put("empty", new byte[0]);
    bodies.put("JSON null", utf8("null"));
    bodies.put("NUL bytes", new byte[] {'{', 0, 0, '}'});
    bodies.put("invalid UTF-8", new byte[] {'{', '"', (byte) 0xc3, 0x28, '"', ':', '1', '}'});
    bodies.put("nested 30000 deep", utf8("[".repeat(30_000)));
    bodies.put("unknown type", utf8(TOGGLE.replace("SetGuildToggle", "LaunchRockets")));
    bodies.put("64 KiB + 1 byte", padded(Limits.COMMAND_MAX_BYTES + 1));
    bodies.put("5 MB", padded(FIVE_MB));
    for (var body : bodies.entrySet()) {
      it.postCommand("body: " + body.getKey(), body.getKey(), body.getValue());
    }
    it.postCommand(
        "body: 5 MB chunked",
        "chunked",
        BodyPublishers.ofInputStream(() -> HostileHttpIT.bytes(FIVE_MB)),
        "application/json");
    sendLyingLengths(it);
  }

  private static void sendLyingLengths(HostileHttpIT it) throws Exception {
    String[] framings = {
      "Content-Length: 99999999999",
      "Content-Length: -5",
      "Content-Length: abc",
      "Content-Length: 4\r\nTransfer-Encoding: chunked",
      "Transfer-Encoding: chunked"
    };
    for (String framing : framings) {
      String request =
          "POST /commands HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: "
              + HostileHttpIT.auth()
              + "\r\nIdempotency-Key: raw-1\r\nContent-Type: application/json\r\n"
              + framing
              + "\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";
      it.sendRaw("body: lying length or framing", framing, latin1(request));
    }
  }

  static void sendPathMistakes(HostileHttpIT it) throws Exception {
    String g = HostileRoutes.GUILD;
    String[] paths = {
      "/nope", "/guilds/" + g + "/nope", "/guilds/%00/config", "/guilds/60%2F1/config",
      "/guilds/%2e%2e/config", "/guilds//config", "/actuator/nope", "/actuator/health/%00",
      "/error", "/v3/api-docs/%00", "/commands;jsessionid=x", "/guilds/" + g + "/config;x=%00"
    };
    for (String path : paths) {
      it.record(
          "path: " + path,
          path,
          it.send(it.get(path).header("Authorization", HostileHttpIT.auth())),
          s -> false);
    }
    String[] raw = {
      "/guilds/%zz/config", "/guilds/\u00e9/config", "/a b/c", "/" + "a".repeat(10_000)
    };
    for (String path : raw) {
      String shown = path.length() > 40 ? "10,000-char path" : path;
      it.sendRaw(
          "path: " + shown,
          shown,
          latin1("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    }
    String[][] methods = {
      {"DELETE", "/commands"}, {"GET", "/commands"}, {"PUT", CONFIG}, {"POST", "/actuator/health"}
    };
    for (String[] method : methods) {
      it.record(
          "method: " + method[0] + " " + method[1],
          method[0],
          it.send(
              it.get(method[1])
                  .method(method[0], BodyPublishers.noBody())
                  .header("Authorization", HostileHttpIT.auth())),
          s -> false);
    }
  }

  static void sendHeaderAndRequestLineMistakes(HostileHttpIT it) throws Exception {
    Map<String, String> requests = new LinkedHashMap<>();
    requests.put(
        "request line: control byte in method", "GE\u0001T " + CONFIG + " HTTP/1.1\r\nHost: x");
    requests.put("request line: unknown method", "FOO " + CONFIG + " HTTP/1.1\r\nHost: x");
    requests.put("request line: HTTP/9.9", "GET " + CONFIG + " HTTP/9.9\r\nHost: x");
    requests.put("request line: garbage", "\u00ff\u00fe garbage");
    requests.put("header: no Host", "GET " + CONFIG + " HTTP/1.1");
    requests.put("header: line without colon", "GET " + CONFIG + " HTTP/1.1\r\nHost: x\r\nFoo bar");
    requests.put("header: space in name", "GET " + CONFIG + " HTTP/1.1\r\nHost: x\r\nFo o: x");
    requests.put("header: NUL in value", "GET " + CONFIG + " HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b");
    requests.put(
        "header: 150 headers", "GET " + CONFIG + " HTTP/1.1\r\nHost: x" + "\r\nX-A: b".repeat(150));
    for (var request : requests.entrySet()) {
      // Tomcat answers an HTTP version it does not speak with 505, as RFC 9110 says: kept.
      boolean otherVersion = request.getKey().endsWith("HTTP/9.9");
      it.sendRaw(
          request.getKey(),
          request.getKey(),
          latin1(request.getValue() + "\r\nConnection: close\r\n\r\n"),
          status -> otherVersion && status == 505);
    }
    it.record(
        "header: Accept text/html",
        "Accept",
        it.send(
            it.get(CONFIG + "?atLeast=x")
                .header("Authorization", HostileHttpIT.auth())
                .header("Accept", "text/html")),
        s -> false);
    it.postCommand(
        "header: 200-char Idempotency-Key",
        "key",
        BodyPublishers.ofString(TOGGLE),
        "application/json",
        "k".repeat(200));
  }

  private static byte[] get(String path, String header) {
    return latin1(
        "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + header + "\r\n\r\n");
  }

  /** The toggle envelope padded with trailing spaces to {@code size} bytes: valid JSON, too big. */
  private static byte[] padded(int size) {
    byte[] body = Arrays.copyOf(utf8(TOGGLE), size);
    Arrays.fill(body, TOGGLE.length(), size, (byte) ' ');
    return body;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] latin1(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
