package gg.suggestions.deploy.http;

import gg.suggestions.eventstore.retry.RetryLog;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Spring MVC's refusals of a request, for both APIs and actuator: each a problem document whose
 * {@code detail} names the refused part of the request and whose {@code parameter} property is its
 * name, never Spring's default error body. The refused value is quoted short and escaped, so a
 * hostile value never comes back whole.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

  /** How long a client waits before asking again when the database is down. */
  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String name =
        ex instanceof MethodArgumentTypeMismatchException argument
            ? argument.getName()
            : ex.getPropertyName();
    String value = ex.getValue() == null ? null : ex.getValue().toString();
    String detail = name + " must be " + expected(ex.getRequiredType()) + ", not " + quote(value);
    return problem(ex, status, detail, name, headers, request);
  }

  private static String expected(Class<?> type) {
    if (type == int.class || type == Integer.class) {
      return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
    }
    if (type == long.class || type == Long.class) {
      return "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
    }
    return "a " + (type == null ? "value" : type.getSimpleName()) + " value";
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String name = ex.getParameterName();
    return problem(ex, status, name + " is required.", name, headers, request);
  }

  @Override
  protected ResponseEntity<Object> handleServletRequestBindingException(
      ServletRequestBindingException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (ex instanceof MissingRequestHeaderException missing) {
      String name = missing.getHeaderName();
      return problem(ex, status, "The " + name + " header is required.", name, headers, request);
    }
    return super.handleServletRequestBindingException(ex, headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
      HttpMediaTypeNotSupportedException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String detail =
        "Content-Type must be one of "
            + ex.getSupportedMediaTypes()
            + ", not "
            + quote(ex.getContentType() == null ? null : ex.getContentType().toString());
    return problem(ex, status, detail, HttpHeaders.CONTENT_TYPE, headers, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(
      HttpMediaTypeNotAcceptableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String detail = "Accept must allow one of " + ex.getSupportedMediaTypes() + ".";
    return problem(ex, status, detail, HttpHeaders.ACCEPT, headers, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(
      HttpRequestMethodNotSupportedException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String detail =
        "This resource answers only " + ex.getSupportedHttpMethods() + ", not " + ex.getMethod();
    return problem(ex, status, detail, "method", headers, request);
  }

  @Override
  protected ResponseEntity<Object> handleNoResourceFoundException(
      NoResourceFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String detail = "There is no resource at " + quote("/" + ex.getResourcePath()) + ".";
    return problem(ex, status, detail, "path", headers, request);
  }

  /**
   * The database behind a query is down or unreachable: 503 with {@code Retry-After}, since it
   * usually returns within seconds, and one log line for the operator.
   */
  @ExceptionHandler(DataAccessResourceFailureException.class)
  ResponseEntity<Object> handleDatabaseUnavailable(
      DataAccessResourceFailureException ex, WebRequest request) {
    log.warn(
        "{} failed for want of the database: {}",
        request.getDescription(false),
        RetryLog.reason(ex));
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
    return problem(
        ex,
        HttpStatus.SERVICE_UNAVAILABLE,
        "The query store is unavailable for a moment. Try again in a few seconds.",
        null,
        headers,
        request);
  }

  /** A bean-validation constraint on a parameter (from {@code @Validated} controllers). */
  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<Object> handleConstraintViolation(
      ConstraintViolationException ex, WebRequest request) {
    List<String> problems = new ArrayList<>();
    String parameter = null;
    for (ConstraintViolation<?> violation : ex.getConstraintViolations()) {
      String path = violation.getPropertyPath().toString();
      String name = path.substring(path.lastIndexOf('.') + 1);
      parameter = parameter == null ? name : parameter;
      problems.add(name + " " + violation.getMessage());
    }
    HttpStatus status = HttpStatus.BAD_REQUEST;
    return problem(
        ex, status, String.join("; ", problems) + ".", parameter, new HttpHeaders(), request);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<String> problems = new ArrayList<>();
    String parameter = null;
    for (ParameterValidationResult result : ex.getParameterValidationResults()) {
      String name = result.getMethodParameter().getParameterName();
      parameter = parameter == null ? name : parameter;
      result.getResolvableErrors().forEach(e -> problems.add(name + " " + e.getDefaultMessage()));
    }
    return problem(ex, status, String.join("; ", problems) + ".", parameter, headers, request);
  }

  /** Every refusal, ours and Spring's own, leaves as {@code application/problem+json}. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ResponseEntity<Object> response =
        super.handleExceptionInternal(ex, body, headers, status, request);
    if (response == null) {
      return null; // the client has gone; nothing can be written
    }
    ProblemDetail problem =
        response.getBody() instanceof ProblemDetail given
            ? given
            : Problems.of(status, ex.getClass().getSimpleName(), null);
    return Problems.response(problem, response.getHeaders());
  }

  private ResponseEntity<Object> problem(
      Exception ex,
      HttpStatusCode status,
      String detail,
      String parameter,
      HttpHeaders headers,
      WebRequest request) {
    ProblemDetail problem = Problems.of(status, detail, parameter);
    return handleExceptionInternal(ex, problem, headers, status, request);
  }

  private static String quote(String value) {
    return Problems.quote(value);
  }
}
