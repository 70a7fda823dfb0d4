package gg.suggestions.eventstore.registry;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.serialization.Revision;

/**
 * Maps logical event types ({@code GuildToggleSet}) to contract classes and their current revision.
 * The logical type is the record's simple name, so the log never carries a Java class name and a
 * class can move packages without touching a single stored event. Immutable.
 */
public final class EventTypeRegistry {

  private final Map<String, Class<?>> classes;

  private EventTypeRegistry(Map<String, Class<?>> classes) {
    this.classes = Collections.unmodifiableMap(classes);
  }

  /**
   * @throws IllegalArgumentException if two classes share a simple name, or a class has no numeric
   *     {@code @Revision} (it becomes the envelope's {@code version})
   */
  public static EventTypeRegistry of(Collection<Class<?>> eventClasses) {
    Map<String, Class<?>> classes = new LinkedHashMap<>();
    for (Class<?> eventClass : eventClasses) {
      Revision revision = eventClass.getAnnotation(Revision.class);
      if (revision == null || !revision.value().matches("[1-9][0-9]*")) {
        throw new IllegalArgumentException(
            "Event " + eventClass.getName() + " needs a @Revision of 1 or more to be published");
      }
      Class<?> previous = classes.putIfAbsent(eventClass.getSimpleName(), eventClass);
      if (previous != null && previous != eventClass) {
        throw new IllegalArgumentException(
            "Events "
                + previous.getName()
                + " and "
                + eventClass.getName()
                + " share the logical type "
                + eventClass.getSimpleName());
      }
    }
    return new EventTypeRegistry(classes);
  }

  public Set<String> types() {
    return classes.keySet();
  }

  public Optional<Class<?>> classOf(String type) {
    return Optional.ofNullable(classes.get(type));
  }

  /** The logical type of a registered class, or empty for any other class. */
  public Optional<String> typeOf(Class<?> eventClass) {
    String type = eventClass.getSimpleName();
    return classes.get(type) == eventClass ? Optional.of(type) : Optional.empty();
  }

  /** The revision new events of {@code type} are written with. */
  public String currentRevision(String type) {
    return classOf(type)
        .map(c -> c.getAnnotation(Revision.class).value())
        .orElseThrow(() -> new IllegalArgumentException("Unknown event type " + type));
  }
}
