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
import gg.suggestions.eventstore.request.BearerToken;
import gg.suggestions.eventstore.request.CommandRequester;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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
 * other refusal (the body is the reply in each case); 400 an unreadable request; 401 a missing or
 * wrong bearer token; 403 when the server has no token configured; 503 when the command could not
 * be written to Kafka; 504 when no decision came in time.
 */
@RestController
class CommandController {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private static final Logger log = LoggerFactory.getLogger(CommandController.class);
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
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
      @RequestBody(required = false) byte[] body) {
    if (!token.isConfigured()) {
      return done(
          problem(
              HttpStatus.FORBIDDEN,
              "The command API is disabled: the server was started without"
                  + " SUGGESTIONS_API_TOKEN."));
    }
    if (!token.authorises(authorization)) {
      log.warn("Refused POST /commands: missing or wrong bearer token");
      return done(unauthorised());
    }
    CommandEnvelope command;
    try {
      command = read(idempotencyKey, body);
    } catch (BadRequest e) {
      return done(problem(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
    return requester
        .send(command)
        .orTimeout(properties.replyTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle((reply, error) -> error == null ? answer(reply) : failed(command, error));
  }

  private CommandEnvelope read(String idempotencyKey, byte[] body) throws BadRequest {
    if (idempotencyKey == null || !KEY.matcher(idempotencyKey).matches()) {
      throw new BadRequest(
          "The " + IDEMPOTENCY_KEY + " header is required: 1 to 128 of A-Z a-z 0-9 . _ : -");
    }
    ObjectNode envelope = jsonObject(body);
    JsonNode given = envelope.get("commandId");
    if (given != null && !idempotencyKey.equals(given.asText())) {
      throw new BadRequest(
          "commandId " + given + " differs from the " + IDEMPOTENCY_KEY + " " + idempotencyKey);
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
    } catch (MalformedCommandException | IOException e) {
      throw new BadRequest(e.getMessage());
    }
  }

  private ObjectNode jsonObject(byte[] body) throws BadRequest {
    try {
      JsonNode root = body == null || body.length == 0 ? null : mapper.readTree(body);
      if (root instanceof ObjectNode object) {
        return object;
      }
    } catch (JsonProcessingException e) {
      throw new BadRequest("The body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadRequest("The body could not be read");
    }
    throw new BadRequest("The body must be a command envelope: a JSON object");
  }

  private static ResponseEntity<?> answer(ReplyEnvelope reply) {
    return ResponseEntity.status(statusOf(reply)).body(reply);
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

  private static ResponseEntity<?> unauthorised() {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"suggestions\"")
        .contentType(PROBLEM)
        .body(
            ProblemDetail.forStatusAndDetail(
                HttpStatus.UNAUTHORIZED, "A valid bearer token is required."));
  }

  private static ResponseEntity<?> problem(HttpStatus status, String detail) {
    return ResponseEntity.status(status)
        .contentType(PROBLEM)
        .body(ProblemDetail.forStatusAndDetail(status, detail));
  }

  private static CompletableFuture<ResponseEntity<?>> done(ResponseEntity<?> response) {
    return CompletableFuture.completedFuture(response);
  }

  /** A request that cannot become a command; its message is shown to the client. */
  private static final class BadRequest extends Exception {
    BadRequest(String message) {
      super(message);
    }
  }
}
