package gg.suggestions.deploy.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's own refusals (an invalid URI such as {@code %00} or an encoded slash in the path, an
 * oversized or invalid header, a bad request line), which no servlet sees: a problem document
 * instead of Tomcat's HTML error page. Installed as the host's error report valve by {@link
 * TomcatProblems}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(true);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    try {
      byte[] body = body(status, message(response));
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
      response.finishResponse();
    } catch (IOException | IllegalStateException e) {
      // The connection is unusable; Tomcat closes it.
    }
  }

  /** Tomcat's reason: the sendError message, or the parse failure's (a header too large). */
  private static String message(Response response) {
    if (response.getMessage() != null) {
      return response.getMessage();
    }
    Exception parseFailure = response.getCoyoteResponse().getErrorException();
    return parseFailure == null ? null : parseFailure.getMessage();
  }

  static byte[] body(int status, String message) throws JsonProcessingException {
    HttpStatus known = HttpStatus.resolve(status);
    String title = known == null ? "Error" : known.getReasonPhrase();
    String part = refusedPart(message);
    String detail =
        "The request was refused before it reached the API: "
            + (message != null && ProblemErrorController.isShowable(message) ? message : title)
            + (part == null ? "." : " (the request " + part + ").");
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    if (part != null) {
      problem.put(Problems.PARAMETER, part);
    }
    return JSON.writeValueAsBytes(problem);
  }

  /** Which part of the request Tomcat refused, from its message; {@code null} when unclear. */
  private static String refusedPart(String message) {
    if (message == null) {
      return null;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("uri") || lower.contains("path")) {
      return "path";
    }
    if (lower.contains("header")) {
      return "headers";
    }
    return lower.contains("method") || lower.contains("request line") ? "request line" : null;
  }
}
