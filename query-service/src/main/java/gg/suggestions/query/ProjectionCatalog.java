package gg.suggestions.query;

import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.log.KafkaEventLogSource;
import gg.suggestions.eventstore.log.LogRecords;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.query.projection.Projections;
import gg.suggestions.query.projection.ShadowFold;
import gg.suggestions.query.projection.ShadowRebuild;
import gg.suggestions.query.projection.guildconfig.GuildConfigProjection;
import gg.suggestions.query.projection.localestats.LocaleStatsProjection;
import gg.suggestions.query.projection.memberstats.MemberStatsProjection;
import gg.suggestions.query.projection.queue.QueueProjection;
import gg.suggestions.query.projection.store.JdbcStore;
import gg.suggestions.query.projection.store.MemoryStore;
import gg.suggestions.query.projection.store.Store;
import gg.suggestions.query.projection.suggestions.SuggestionsProjection;
import gg.suggestions.query.projection.usage.UsageProjection;
import gg.suggestions.query.projection.userconfig.UserConfigProjection;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every projection of the read side: its name (schema {@code p_<name>}), the topic it reads and the
 * projection itself over a store: the live database, or a rebuild's memory. The node and {@code
 * suggestionsctl} both work from this list.
 */
public final class ProjectionCatalog {

  /**
   * One projection.
   *
   * @param projection its handlers over a store
   * @param version the version of its rules: raise it when a change to them must be applied to the
   *     whole log, and every node that starts with it rebuilds the projection (with the bulk path,
   *     while the old copy keeps serving) before its processor runs
   */
  public record Entry(String name, String topic, Function<Store, Object> projection, int version) {

    public Entry(String name, String topic, Function<Store, Object> projection) {
      this(name, topic, projection, 1);
    }

    /** The payload types the projection handles: only these reach the fold in a rebuild. */
    public Set<Class<?>> handledTypes() {
      Class<?> handlerType = projection.apply(new MemoryStore()).getClass();
      return Arrays.stream(handlerType.getDeclaredMethods())
          .filter(m -> m.isAnnotationPresent(EventHandler.class))
          .map(Method::getParameterTypes)
          .map(parameters -> parameters[0])
          .collect(Collectors.toUnmodifiableSet());
    }

    /** What a shadow rebuild of this projection needs. */
    public ShadowRebuild.Target target() {
      return new ShadowRebuild.Target(
          name, topic, recordsOf(topic), handledTypes(), () -> new ShadowFold(projection), version);
    }
  }

  public static final List<Entry> ALL =
      List.of(
          new Entry(
              SuggestionsProjection.NAME, SuggestionTopics.EVENTS, SuggestionsProjection::new),
          new Entry(
              GuildConfigProjection.NAME, SuggestionTopics.EVENTS, GuildConfigProjection::new),
          new Entry(UserConfigProjection.NAME, SuggestionTopics.EVENTS, UserConfigProjection::new),
          new Entry(QueueProjection.NAME, SuggestionTopics.EVENTS, QueueProjection::new),
          new Entry(
              LocaleStatsProjection.NAME,
              SuggestionTopics.INTERACTIONS,
              LocaleStatsProjection::new),
          new Entry(
              MemberStatsProjection.NAME,
              SuggestionTopics.INTERACTIONS,
              MemberStatsProjection::new),
          new Entry(UsageProjection.NAME, SuggestionTopics.INTERACTIONS, UsageProjection::new));

  private ProjectionCatalog() {}

  public static Optional<Entry> named(String name) {
    return ALL.stream().filter(entry -> entry.name().equals(name)).findFirst();
  }

  /**
   * What a node runs of {@code entries}: each projection over its live schema, with a processor
   * reading its topic through {@code kafka}, and its bulk build for a bootstrap.
   */
  public static List<Projections.Definition> definitions(
      List<Entry> entries, Map<String, Object> kafka, JdbcTemplate jdbc) {
    return entries.stream()
        .map(
            entry ->
                new Projections.Definition(
                    entry.name(),
                    new KafkaEventLogSource(kafka, entry.topic(), recordsOf(entry.topic())),
                    List.of(entry.projection().apply(JdbcStore.live(jdbc, entry.name()))),
                    entry::target))
        .toList();
  }

  /** How the records of {@code topic} become messages, as the live processors read them. */
  public static LogRecords recordsOf(String topic) {
    if (SuggestionTopics.INTERACTIONS.equals(topic)) {
      return LogRecords.interactions(new CommandCodec(EnvelopeCodec.defaultMapper()));
    }
    return LogRecords.events(
        new EnvelopeCodec(), EventSerialization.envelopes(EventSerialization.serializer()));
  }
}
