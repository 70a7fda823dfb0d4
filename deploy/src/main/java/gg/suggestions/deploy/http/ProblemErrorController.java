package gg.suggestions.deploy.http;

import gg.suggestions.eventstore.limits.Limits;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Boot's {@code /error}, for errors raised outside Spring MVC (a filter, the servlet
 * container's {@code sendError}, an exception no handler caught): a problem document instead of
 * Boot's {@code {timestamp,status,error,path}} body or its HTML page. Replaces
 * BasicErrorController, which Boot creates only when no other {@link ErrorController} exists.
 */
@RestController
class ProblemErrorController implements ErrorController {

  private static final int MESSAGE_MAX = 200;

  @RequestMapping("${server.error.path:${error.path:/error}}")
  ResponseEntity<Object> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    if (code == null) {
      // Asked for directly: there is no such resource for a client.
      return Problems.response(
          Problems.of(HttpStatus.NOT_FOUND, "There is no resource at '/error'.", "path"), null);
    }
    HttpStatus status = HttpStatus.resolve((Integer) code);
    status = status == null || status.value() < 400 ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    return Problems.response(Problems.of(status, detail(status, request), null), null);
  }

  private static String detail(HttpStatus status, HttpServletRequest request) {
    if (status == HttpStatus.NOT_FOUND) {
      Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
      return "There is no resource at " + Limits.quote(String.valueOf(uri)) + ".";
    }
    if (status.is5xxServerError()) {
      return "The server failed to answer this request; the failure is logged.";
    }
    Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
    return message instanceof String text && isShowable(text)
        ? text
        : "The request was refused: " + status.getReasonPhrase() + ".";
  }

  /** A container message is shown only when it cannot carry a hostile value back whole. */
  static boolean isShowable(String message) {
    return !message.isBlank()
        && message.length() <= MESSAGE_MAX
        && Limits.firstForbidden(message) < 0
        && message.chars().allMatch(c -> c < 0x7f);
  }
}
