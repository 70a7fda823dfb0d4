package gg.suggestions.query;

import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.log.LogRecords;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.query.projection.ShadowFold;
import gg.suggestions.query.projection.ShadowRebuild;
import gg.suggestions.query.projection.guildconfig.GuildConfigFold;
import gg.suggestions.query.projection.guildconfig.GuildConfigProjection;
import gg.suggestions.query.projection.localestats.LocaleStatsFold;
import gg.suggestions.query.projection.localestats.LocaleStatsProjection;
import gg.suggestions.query.projection.memberstats.MemberStatsFold;
import gg.suggestions.query.projection.memberstats.MemberStatsProjection;
import gg.suggestions.query.projection.queue.QueueFold;
import gg.suggestions.query.projection.queue.QueueProjection;
import gg.suggestions.query.projection.suggestions.SuggestionsFold;
import gg.suggestions.query.projection.suggestions.SuggestionsProjection;
import gg.suggestions.query.projection.usage.UsageFold;
import gg.suggestions.query.projection.usage.UsageProjection;
import gg.suggestions.query.projection.userconfig.UserConfigFold;
import gg.suggestions.query.projection.userconfig.UserConfigProjection;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every projection of the read side: its name (schema {@code p_<name>}), the topic it reads, its
 * live handler class and its in-memory fold for a shadow rebuild. The node and {@code
 * suggestionsctl} both work from this list.
 */
public final class ProjectionCatalog {

  /**
   * One projection.
   *
   * @param live its live handler over a database
   * @param fold a fresh in-memory fold for a shadow rebuild
   */
  public record Entry(
      String name, String topic, Function<JdbcTemplate, Object> live, Supplier<ShadowFold> fold) {

    /** The payload types the live handlers take: only these reach the fold in a rebuild. */
    public Set<Class<?>> handledTypes() {
      Class<?> handlerType = live.apply(new JdbcTemplate()).getClass();
      return Arrays.stream(handlerType.getDeclaredMethods())
          .filter(m -> m.isAnnotationPresent(EventHandler.class))
          .map(Method::getParameterTypes)
          .map(parameters -> parameters[0])
          .collect(Collectors.toUnmodifiableSet());
    }

    /** What a shadow rebuild of this projection needs, with a fresh fold. */
    public ShadowRebuild.Target target() {
      return new ShadowRebuild.Target(name, topic, recordsOf(topic), handledTypes(), fold.get());
    }
  }

  public static final List<Entry> ALL =
      List.of(
          new Entry(
              SuggestionsProjection.NAME,
              SuggestionTopics.EVENTS,
              SuggestionsProjection::new,
              SuggestionsFold::new),
          new Entry(
              GuildConfigProjection.NAME,
              SuggestionTopics.EVENTS,
              GuildConfigProjection::new,
              GuildConfigFold::new),
          new Entry(
              UserConfigProjection.NAME,
              SuggestionTopics.EVENTS,
              UserConfigProjection::new,
              UserConfigFold::new),
          new Entry(
              QueueProjection.NAME, SuggestionTopics.EVENTS, QueueProjection::new, QueueFold::new),
          new Entry(
              LocaleStatsProjection.NAME,
              SuggestionTopics.INTERACTIONS,
              LocaleStatsProjection::new,
              LocaleStatsFold::new),
          new Entry(
              MemberStatsProjection.NAME,
              SuggestionTopics.INTERACTIONS,
              MemberStatsProjection::new,
              MemberStatsFold::new),
          new Entry(
              UsageProjection.NAME,
              SuggestionTopics.INTERACTIONS,
              UsageProjection::new,
              UsageFold::new));

  private ProjectionCatalog() {}

  public static Optional<Entry> named(String name) {
    return ALL.stream().filter(entry -> entry.name().equals(name)).findFirst();
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
