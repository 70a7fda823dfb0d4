package gg.suggestions.deploy.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.eventstore.request.BearerToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /actuator/prometheus} answers only a scraper with the API's bearer token ({@code
 * SUGGESTIONS_API_TOKEN}), on the main port. One port keeps the probes, the manifests and the
 * network policy as they are; a separate management port alone would not authenticate anyone, and
 * the metrics tell how busy each part of the platform is. Without a token the endpoint is off
 * (403), like the query API. The probes ({@code /actuator/health/**}) stay open.
 */
@Configuration(proxyBeanMethods = false)
class MetricsAccess {

  static final String PATH = "/actuator/prometheus";

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> metricsBearerToken(
      @Value("${suggestions.api.token:#{null}}") String token, ObjectMapper json) {
    BearerToken bearer = new BearerToken(BearerToken.checked(token));
    OncePerRequestFilter filter =
        new OncePerRequestFilter() {
          @Override
          protected void doFilterInternal(
              HttpServletRequest request, HttpServletResponse response, FilterChain chain)
              throws ServletException, IOException {
            if (!bearer.isConfigured()) {
              refuse(
                  response,
                  HttpStatus.FORBIDDEN,
                  "The metrics are off: the server was started without SUGGESTIONS_API_TOKEN.");
            } else if (!bearer.authorises(request.getHeader(HttpHeaders.AUTHORIZATION))) {
              response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"suggestions\"");
              refuse(response, HttpStatus.UNAUTHORIZED, "A valid bearer token is required.");
            } else {
              chain.doFilter(request, response);
            }
          }

          private void refuse(HttpServletResponse response, HttpStatus status, String detail)
              throws IOException {
            response.setStatus(status.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(
                response.getOutputStream(),
                Problems.of(
                    status,
                    detail,
                    status == HttpStatus.UNAUTHORIZED ? HttpHeaders.AUTHORIZATION : null));
          }
        };
    FilterRegistrationBean<OncePerRequestFilter> registration =
        new FilterRegistrationBean<>(filter);
    registration.addUrlPatterns(PATH, PATH + "/*");
    registration.setName("metricsBearerToken");
    return registration;
  }
}
