package gg.suggestions.deploy.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code suggestions.ready}: 1 while the readiness probe answers UP, so an alert sees what a load
 * balancer sees (the command loop serving its partitions, every projection caught up, the database
 * answering) without a probe of its own.
 */
@Configuration(proxyBeanMethods = false)
class ReadinessMetric {

  @Bean
  MeterBinder readinessGauge(HealthEndpoint health) {
    return registry ->
        Gauge.builder("suggestions.ready", health, ReadinessMetric::ready)
            .description("1 while the readiness probe answers UP, 0 otherwise")
            .register(registry);
  }

  private static double ready(HealthEndpoint health) {
    HealthComponent readiness = health.healthForPath("readiness");
    return readiness != null && Status.UP.equals(readiness.getStatus()) ? 1 : 0;
  }
}
