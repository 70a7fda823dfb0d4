package gg.suggestions.deploy.runtime;

import java.util.EnumSet;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.filter.TypeFilter;

/**
 * Which services this process hosts ({@code SUGGESTIONS_SERVICES=command,query,gateway}, all three
 * when unset), so one jar runs as a command node, a query node, a gateway, or everything at once.
 * Used as a component-scan exclusion: a service that is not selected has none of its beans, so it
 * joins no consumer group, runs no processor and serves none of its HTTP routes.
 */
public final class ServiceSelection implements TypeFilter, EnvironmentAware {

  /** A service of the platform, by the root package of its module. */
  public enum Service {
    COMMAND("gg.suggestions.command."),
    QUERY("gg.suggestions.query."),
    GATEWAY("gg.suggestions.gateway.");

    private final String packagePrefix;

    Service(String packagePrefix) {
      this.packagePrefix = packagePrefix;
    }
  }

  /** Every service: the all-in-one default. */
  public static final Set<Service> ALL = Set.copyOf(EnumSet.allOf(Service.class));

  private Set<Service> selected = ALL;

  @Override
  public void setEnvironment(Environment environment) {
    selected = selected(environment);
  }

  /**
   * The services named in {@code suggestions.services}; all when unset. {@link LaunchSettings} has
   * refused an unknown or empty list before Spring starts.
   */
  static Set<Service> selected(Environment environment) {
    return Binder.get(environment)
        .bind("suggestions.services", Bindable.setOf(Service.class))
        .<Set<Service>>map(Set::copyOf)
        .orElse(ALL);
  }

  @Override
  public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
    String type = reader.getClassMetadata().getClassName();
    for (Service service : Service.values()) {
      if (type.startsWith(service.packagePrefix)) {
        return !selected.contains(service);
      }
    }
    return false;
  }
}
