package gg.suggestions.query.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards every console page: a page needs a signed-in operator ({@link ConsoleSession}), anything
 * but a read must come from a console page (same origin: the cookie is {@code SameSite=Strict} and
 * the {@code Origin} must match), and every answer carries a content security policy that allows no
 * script, style or frame from anywhere but this server, so a suggestion's text can never run in an
 * operator's browser even if it got past the templates' escaping.
 */
final class ConsoleAccess extends OncePerRequestFilter {

  static final String LOGIN = "/console/login";

  private static final String POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final ConsoleSession session;

  ConsoleAccess(ConsoleSession session) {
    this.session = session;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("Content-Security-Policy", POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "same-origin");
    response.setHeader("Cache-Control", "no-store");
    boolean read = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
    if (!read && !isSameOrigin(request)) {
      response.sendError(HttpServletResponse.SC_FORBIDDEN, "Console actions come from its pages");
      return;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.equals(LOGIN) || isSignedIn(request)) {
      chain.doFilter(request, response);
    } else if (read) {
      String next = path + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
      response.sendRedirect(
          request.getContextPath()
              + LOGIN
              + "?next="
              + URLEncoder.encode(next, StandardCharsets.UTF_8));
    } else {
      response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "Sign in to the console first");
    }
  }

  private boolean isSignedIn(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    return cookies != null
        && Arrays.stream(cookies)
            .anyMatch(
                c -> c.getName().equals(ConsoleSession.COOKIE) && session.isValid(c.getValue()));
  }

  /** A browser's own request from a page of this server. */
  static boolean isSameOrigin(HttpServletRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin")) {
      return false;
    }
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return site != null; // A browser sends one of the two; anything else is no console page.
    }
    String host = request.getHeader("Host");
    return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
  }

  /** Where a sign-in may send the operator back to: a console page of this server only. */
  static String safeNext(String next) {
    if (next == null
        || !next.startsWith("/console")
        || next.startsWith(LOGIN)
        || next.contains("//")
        || next.contains("\\")
        || next.chars().anyMatch(c -> c < 0x20)) {
      return "/console";
    }
    return next;
  }
}
