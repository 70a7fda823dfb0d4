package gg.suggestions.command.http;

import org.springframework.http.HttpStatus;

/**
 * A request that cannot become a command: its status, the part of the request at fault and a
 * message shown to the client.
 */
final class RefusedRequest extends Exception {

  private final HttpStatus status;
  private final String parameter;

  RefusedRequest(HttpStatus status, String parameter, String message) {
    super(message);
    this.status = status;
    this.parameter = parameter;
  }

  HttpStatus status() {
    return status;
  }

  String parameter() {
    return parameter;
  }
}
