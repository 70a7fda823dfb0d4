package gg.suggestions.command.http;

import gg.suggestions.eventstore.limits.Limits;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The body of {@code POST /commands} as it comes off the wire: declared as JSON, and at most {@link
 * Limits#COMMAND_MAX_BYTES}. The declared length is checked before a byte is read, and the bytes
 * actually read are capped too, so a chunked or lying body cannot grow past the limit either.
 *
 * <p>A missing {@code Content-Type} is refused (415) like a wrong one: every client sets it, and a
 * form post (curl's {@code -d} default) is then told what to send instead of being read as JSON.
 */
final class CommandBody {

  static final String BODY = "body";

  private CommandBody() {}

  static byte[] read(HttpServletRequest request) throws RefusedRequest {
    requireJson(request.getContentType());
    long declared = request.getContentLengthLong();
    if (declared > Limits.COMMAND_MAX_BYTES) {
      throw tooLarge(declared + " bytes");
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(Limits.COMMAND_MAX_BYTES + 1);
      if (body.length > Limits.COMMAND_MAX_BYTES) {
        throw tooLarge("more than " + Limits.COMMAND_MAX_BYTES + " bytes");
      }
      return body;
    } catch (IOException e) {
      throw new RefusedRequest(HttpStatus.BAD_REQUEST, BODY, "The body could not be read.");
    }
  }

  static void requireJson(String contentType) throws RefusedRequest {
    if (!isJson(contentType)) {
      throw new RefusedRequest(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          HttpHeaders.CONTENT_TYPE,
          "Content-Type must be application/json (UTF-8), not " + Limits.quote(contentType));
    }
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      boolean json =
          "application".equals(type.getType())
              && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
      return json
          && (type.getCharset() == null || StandardCharsets.UTF_8.equals(type.getCharset()));
    } catch (IllegalArgumentException e) { // InvalidMediaTypeException, unknown charset
      return false;
    }
  }

  private static RefusedRequest tooLarge(String size) {
    return new RefusedRequest(
        HttpStatus.PAYLOAD_TOO_LARGE,
        BODY,
        "The body has "
            + size
            + "; a command is at most "
            + Limits.COMMAND_MAX_BYTES
            + " bytes of JSON.");
  }
}
