package gg.suggestions.command.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.suggestions.eventstore.limits.Limits;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class CommandBodyTest {

  @Test
  void readsAJsonBodyUpToTheLimit() throws Exception {
    byte[] body = new byte[Limits.COMMAND_MAX_BYTES];

    byte[] read = CommandBody.read(request("application/json; charset=UTF-8", body.length, body));

    assertThat(read).hasSize(Limits.COMMAND_MAX_BYTES);
  }

  @Test
  void takesJsonWithOrWithoutACharsetAndVendorJson() {
    assertThat(CommandBody.isJson("application/json")).isTrue();
    assertThat(CommandBody.isJson("application/json;charset=utf-8")).isTrue();
    assertThat(CommandBody.isJson("application/vnd.suggestions+json")).isTrue();
  }

  @Nested
  class Refuses {

    @Test
    void wildcardAbsentFormLatin1AndUnreadableContentTypes() {
      for (String type :
          new String[] {
            "*/*",
            null,
            "application/x-www-form-urlencoded",
            "application/json;charset=latin1",
            "application/json;charset=nonsense",
            "not a type",
            "application/*"
          }) {
        assertThat(CommandBody.isJson(type)).as(type).isFalse();
      }
    }

    @Test
    void aDeclaredLengthOverTheLimitBeforeReadingAByte() {
      var request = request("application/json", 5_000_000, null);

      assertThatThrownBy(() -> CommandBody.read(request))
          .isInstanceOfSatisfying(
              RefusedRequest.class,
              e -> {
                assertThat(e.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
                assertThat(e.parameter()).isEqualTo("body");
                assertThat(e.getMessage()).contains("5000000 bytes");
              });
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimit() {
      var request = request("application/json", -1, new byte[Limits.COMMAND_MAX_BYTES + 1]);

      assertThatThrownBy(() -> CommandBody.read(request))
          .isInstanceOfSatisfying(
              RefusedRequest.class,
              e -> assertThat(e.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE));
    }

    @Test
    void aWrongContentTypeWith415NamingTheHeader() {
      var request = request("*/*", 2, new byte[] {'{', '}'});

      assertThatThrownBy(() -> CommandBody.read(request))
          .isInstanceOfSatisfying(
              RefusedRequest.class,
              e -> {
                assertThat(e.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
                assertThat(e.parameter()).isEqualTo("Content-Type");
              });
    }
  }

  /** A request with only what the body reader asks for; a body of {@code null} must not be read. */
  private static HttpServletRequest request(String contentType, long length, byte[] body) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            CommandBodyTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getContentType" -> contentType;
                  case "getContentLengthLong" -> length;
                  case "getInputStream" -> {
                    if (body == null) {
                      throw new AssertionError("the body was read");
                    }
                    yield stream(body);
                  }
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  private static ServletInputStream stream(byte[] body) {
    var in = new ByteArrayInputStream(body);
    return new ServletInputStream() {
      @Override
      public int read() {
        return in.read();
      }

      @Override
      public boolean isFinished() {
        return in.available() == 0;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(ReadListener listener) {}
    };
  }
}
