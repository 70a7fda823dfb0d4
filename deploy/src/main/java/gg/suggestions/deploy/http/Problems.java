package gg.suggestions.deploy.http;

import gg.suggestions.eventstore.limits.Limits;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Problem documents (RFC 9457) as every layer of the HTTP edge writes them. */
final class Problems {

  /** The problem property naming the request part that was refused. */
  static final String PARAMETER = "parameter";

  private Problems() {}

  static ProblemDetail of(HttpStatusCode status, String detail, String parameter) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    HttpStatus known = HttpStatus.resolve(status.value());
    problem.setTitle(known == null ? "Error" : known.getReasonPhrase());
    if (parameter != null) {
      problem.setProperty(PARAMETER, parameter);
    }
    return problem;
  }

  static ResponseEntity<Object> response(ProblemDetail problem, HttpHeaders headers) {
    HttpHeaders all = new HttpHeaders();
    if (headers != null) {
      all.putAll(headers);
    }
    all.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return ResponseEntity.status(problem.getStatus()).headers(all).body(problem);
  }

  /** A client-supplied value as a problem may show it: quoted, short, controls escaped. */
  static String quote(String value) {
    return Limits.quote(value);
  }
}
