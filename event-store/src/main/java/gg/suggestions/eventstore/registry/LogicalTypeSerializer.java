package gg.suggestions.eventstore.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon's Jackson serializer, naming registered events by their logical type instead of their class.
 * A type it does not know resolves to Axon's {@code UnknownSerializedType}, which processors skip:
 * a newer writer's events never stop an older reader.
 */
public final class LogicalTypeSerializer extends JacksonSerializer {

  private final EventTypeRegistry registry;

  private LogicalTypeSerializer(Builder builder, EventTypeRegistry registry) {
    super(builder);
    this.registry = registry;
  }

  public static LogicalTypeSerializer create(EventTypeRegistry registry, ObjectMapper mapper) {
    Builder builder =
        JacksonSerializer.builder()
            .objectMapper(mapper)
            .revisionResolver(new AnnotationRevisionResolver());
    return new LogicalTypeSerializer(builder, registry);
  }

  @Override
  public SerializedType typeForClass(Class type) {
    if (type == null) {
      return super.typeForClass(null);
    }
    return registry
        .typeOf(type)
        .<SerializedType>map(name -> new SimpleSerializedType(name, registry.currentRevision(name)))
        .orElseGet(() -> super.typeForClass(type));
  }

  @Override
  protected String resolveClassName(SerializedType serializedType) {
    return registry
        .classOf(serializedType.getName())
        .map(Class::getName)
        .orElseGet(() -> super.resolveClassName(serializedType));
  }
}
