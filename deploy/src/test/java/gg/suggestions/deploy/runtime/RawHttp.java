package gg.suggestions.deploy.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a bare socket, for the requests {@link java.net.http.HttpClient} refuses to send:
 * control or non-ASCII bytes in headers, bad request lines, lying lengths.
 */
final class RawHttp {

  /** What came back: a status (0 when the connection closed without one), type and body. */
  record Answer(int status, String contentType, String body) {}

  private RawHttp() {}

  /** Sends {@code request} as ISO-8859-1 bytes, then reads until the server closes or idles. */
  static Answer send(int port, String request) throws IOException {
    return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  static Answer send(int port, byte[] request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      try {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
      } catch (IOException e) {
        // The server may answer and close before it has read everything; read what it said.
      }
      return parse(readAll(socket.getInputStream()));
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        read.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // Idle or reset after the answer: what was read is the answer.
    }
    return read.toString(StandardCharsets.UTF_8);
  }

  private static Answer parse(String response) {
    if (!response.startsWith("HTTP/1.1 ")) {
      return new Answer(0, null, response);
    }
    int status = Integer.parseInt(response.substring(9, 12));
    int headersEnd = response.indexOf("\r\n\r\n");
    String headers = headersEnd < 0 ? response : response.substring(0, headersEnd);
    String contentType = null;
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
        contentType = line.substring("content-type:".length()).trim();
      }
    }
    return new Answer(status, contentType, headersEnd < 0 ? "" : body(response, headersEnd));
  }

  /** The JSON document in the body, chunked or not: from its first brace to its last. */
  private static String body(String response, int headersEnd) {
    String rest = response.substring(headersEnd + 4);
    int start = rest.indexOf('{');
    int end = rest.lastIndexOf('}');
    return start < 0 || end < start ? rest : rest.substring(start, end + 1);
  }
}
