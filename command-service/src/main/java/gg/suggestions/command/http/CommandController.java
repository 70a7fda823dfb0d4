package gg.suggestions.command.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.MalformedCommandException;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.limits.Limits;
import gg.suggestions.eventstore.request.BearerToken;
import gg.suggestions.eventstore.request.CommandRequester;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /commands}: takes a command envelope, sends it through the command topic like the
 * gateway does, and answers with the command's reply once its events are committed.
 *
 * <p>The {@code Idempotency-Key} header is the command id: sending the same key again is answered
 * with the first decision and changes nothing. The body is a command envelope; {@code schema},
 * {@code commandId}, {@code replyTo} and {@code issuedAt} may be left out and are filled in here.
 *
 * <p>Statuses: 200 accepted; 403 refused for lack of permission; 409 a concurrent change; 422 any
 * other refusal (the body is the reply in each case); 400 an unreadable request or a command the
 * codec refuses, its detail naming each bad field; 401 a missing or wrong bearer token; 403 when
 * the server has no token configured; 413 a body over {@link Limits#COMMAND_MAX_BYTES}; 415 a
 * {@code Content-Type} other than JSON, or none; 503 when the command could not be written to
 * Kafka; 504 when no decision came in time. Every refusal is a problem document (RFC 9457) whose
 * {@code parameter} names the part of the request at fault, and none is sent to Kafka.
 */
@RestController
class CommandController {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private static final Logger log = LoggerFactory.getLogger(CommandController.class);
  private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

  private final CommandRequester requester;
  private final BearerToken token;
  private final CommandApiProperties properties;
  private final ObjectMapper mapper = EnvelopeCodec.defaultMapper();
  private final CommandCodec codec = new CommandCodec(mapper);
  private final Clock clock;

  CommandController(CommandRequester requester, CommandApiProperties properties, Clock clock) {
    this.requester = requester;
    this.token = new BearerToken(properties.token());
    this.properties = properties;
    this.clock = clock;
    log.info(
        token.isConfigured()
            ? "POST /commands is enabled (bearer token from SUGGESTIONS_API_TOKEN)"
            : "POST /commands refuses every request: SUGGESTIONS_API_TOKEN is not set");
  }

  @PostMapping(path = "/commands", produces = MediaType.APPLICATION_JSON_VALUE)
  CompletableFuture<ResponseEntity<?>> submit(
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestHeader(value = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
      HttpServletRequest request) {
    if (!token.isConfigured()) {
      return done(
          problem(
              HttpStatus.FORBIDDEN,
              "The command API is disabled: the server was started without"
                  + " SUGGESTIONS_API_TOKEN.",
              null));
    }
    if (!token.authorises(authorization)) {
      log.warn("Refused POST /commands: missing or wrong bearer token");
      return done(unauthorised());
    }
    CommandEnvelope command;
    try {
      command = read(idempotencyKey, CommandBody.read(request));
    } catch (RefusedRequest e) {
      return done(problem(e.status(), e.getMessage(), e.parameter()));
    }
    return requester
        .send(command)
        .orTimeout(properties.replyTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle((reply, error) -> error == null ? answer(reply) : failed(command, error));
  }

  private CommandEnvelope read(String idempotencyKey, byte[] body) throws RefusedRequest {
    if (idempotencyKey == null || !Limits.isToken(idempotencyKey)) {
      throw badRequest(
          IDEMPOTENCY_KEY,
          "The "
              + IDEMPOTENCY_KEY
              + " header is required: 1 to "
              + Limits.TOKEN_MAX
              + " of A-Z a-z 0-9 . _ : -, not "
              + Limits.quote(idempotencyKey));
    }
    ObjectNode envelope = jsonObject(body);
    JsonNode given = envelope.get("commandId");
    if (given != null && !idempotencyKey.equals(given.asText())) {
      throw badRequest(
          "commandId",
          "commandId "
              + Limits.quote(given.asText())
              + " differs from the "
              + IDEMPOTENCY_KEY
              + " "
              + idempotencyKey);
    }
    if (!envelope.hasNonNull("schema")) {
      envelope.put("schema", CommandEnvelope.SCHEMA);
    }
    if (!envelope.hasNonNull("issuedAt")) {
      envelope.put("issuedAt", clock.instant().toString());
    }
    envelope.put("commandId", idempotencyKey);
    envelope.put("replyTo", requester.requesterId());
    try {
      return codec.decode(mapper.writeValueAsBytes(envelope));
    } catch (MalformedCommandException e) {
      throw badRequest(CommandBody.BODY, e.problems());
    } catch (IOException e) {
      throw badRequest(CommandBody.BODY, "The body could not be read as a command envelope.");
    }
  }

  private ObjectNode jsonObject(byte[] body) throws RefusedRequest {
    try {
      JsonNode root = body.length == 0 ? null : mapper.readTree(body);
      if (root instanceof ObjectNode object) {
        return object;
      }
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the input; the location is enough and carries nothing hostile.
      // A broken read limit (nesting, number length) has no location.
      throw badRequest(
          CommandBody.BODY,
          e.getLocation() == null
              ? "The body is not JSON this API reads: it is nested too deep or a value is too long."
              : "The body is not JSON (line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ").");
    } catch (IOException e) {
      throw badRequest(CommandBody.BODY, "The body could not be read.");
    }
    throw badRequest(CommandBody.BODY, "The body must be a command envelope: a JSON object.");
  }

  private static RefusedRequest badRequest(String parameter, String detail) {
    return new RefusedRequest(HttpStatus.BAD_REQUEST, parameter, detail);
  }

  private static ResponseEntity<?> answer(ReplyEnvelope reply) {
    HttpStatus status = statusOf(reply);
    var response = ResponseEntity.status(status);
    if (status == HttpStatus.SERVICE_UNAVAILABLE) {
      response.header(HttpHeaders.RETRY_AFTER, "5"); // The replica catches up within seconds.
    }
    return response.body(reply);
  }

  static HttpStatus statusOf(ReplyEnvelope reply) {
    if (reply.accepted()) {
      return HttpStatus.OK;
    }
    if (reply.errorCode() == ErrorCode.NOT_A_MODERATOR.number()) {
      return HttpStatus.FORBIDDEN;
    }
    if (reply.errorCode() == ErrorCode.CONCURRENT_CHANGE.number()) {
      return HttpStatus.CONFLICT;
    }
    if (reply.errorCode() == ErrorCode.TEMPORARILY_UNAVAILABLE.number()) {
      return HttpStatus.SERVICE_UNAVAILABLE;
    }
    return HttpStatus.UNPROCESSABLE_ENTITY;
  }

  private ResponseEntity<?> failed(CommandEnvelope command, Throwable error) {
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    if (cause instanceof TimeoutException) {
      log.warn(
          "No decision on command {} within {}", command.commandId(), properties.replyTimeout());
      return problem(
          HttpStatus.GATEWAY_TIMEOUT,
          "No decision within "
              + properties.replyTimeout().toSeconds()
              + " s. The command may still be carried out: send it again with the same "
              + IDEMPOTENCY_KEY
              + " to learn its outcome.");
    }
    log.error("Command {} could not be sent to Kafka", command.commandId(), cause);
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "The command could not be confirmed as written to the log. Send it again with the same "
            + IDEMPOTENCY_KEY
            + ": it is carried out at most once.");
  }

  private ResponseEntity<?> unauthorised() {
    ResponseEntity<byte[]> problem =
        problem(
            HttpStatus.UNAUTHORIZED,
            "A valid bearer token is required.",
            HttpHeaders.AUTHORIZATION);
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
        .headers(problem.getHeaders())
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"suggestions\"")
        .body(problem.getBody());
  }

  private ResponseEntity<?> problem(HttpStatus status, String detail) {
    return problem(status, detail, null);
  }

  /**
   * A problem document with a {@code Content-Length}: a refusal is often sent before the body is
   * read, and when Tomcat then gives up swallowing a large body it closes the connection before a
   * chunked answer's last chunk, so only a sized answer reaches the client whole.
   */
  private ResponseEntity<byte[]> problem(HttpStatus status, String detail, String parameter) {
    ObjectNode problem = mapper.createObjectNode();
    problem.put("type", "about:blank").put("title", status.getReasonPhrase());
    problem.put("status", status.value()).put("detail", detail).put("instance", "/commands");
    if (parameter != null) {
      problem.put("parameter", parameter);
    }
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a problem document", e);
    }
    return ResponseEntity.status(status).contentType(PROBLEM).contentLength(body.length).body(body);
  }

  private static CompletableFuture<ResponseEntity<?>> done(ResponseEntity<?> response) {
    return CompletableFuture.completedFuture(response);
  }
}
