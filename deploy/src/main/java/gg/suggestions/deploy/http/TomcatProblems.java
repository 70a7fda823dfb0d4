package gg.suggestions.deploy.http;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Puts {@link ProblemErrorReportValve} in place of the host's error report valve, so what Tomcat
 * refuses before any servlet runs is answered as a problem document too.
 *
 * <p>Setting the host's error report valve class is not enough: Spring Boot adds its own {@link
 * ErrorReportValve} instance to the host pipeline, and the host then adds none of its class. This
 * customizer runs last and swaps every other error report valve for ours.
 */
@Component
class TomcatProblems implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(context -> useProblemValve((StandardHost) context.getParent()));
  }

  private static void useProblemValve(StandardHost host) {
    for (Valve valve : host.getPipeline().getValves()) {
      if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
        host.getPipeline().removeValve(valve);
      }
    }
    host.getPipeline().addValve(new ProblemErrorReportValve());
    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
