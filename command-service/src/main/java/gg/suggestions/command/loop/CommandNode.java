package gg.suggestions.command.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.command.guildconfig.Blocklist;
import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.guildconfig.ModeratorsOnly;
import gg.suggestions.command.guildconfig.SubmissionRules;
import gg.suggestions.command.suggestion.LegacyHistory;
import gg.suggestions.command.suggestion.Publication;
import gg.suggestions.command.suggestion.QueuedSuggestion;
import gg.suggestions.command.suggestion.ResolutionTargets;
import gg.suggestions.command.suggestion.Resolutions;
import gg.suggestions.command.suggestion.Submissions;
import gg.suggestions.command.suggestion.Suggestion;
import gg.suggestions.command.userconfig.Forgetting;
import gg.suggestions.command.userconfig.UserConfig;
import gg.suggestions.eventstore.contract.suggestion.QueueKey;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import gg.suggestions.eventstore.contract.userconfig.UserKey;
import gg.suggestions.eventstore.engine.KafkaEventStorageEngine;
import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.replica.KnownIds;
import gg.suggestions.eventstore.replica.ReplicaCatchUp;
import gg.suggestions.eventstore.replica.ReplicaSchema;
import gg.suggestions.eventstore.replica.ReplicaStore;
import gg.suggestions.eventstore.request.CommandRequester;
import gg.suggestions.eventstore.retry.RetryLog;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.eventstore.topic.WritePathTimeouts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.commandhandling.AnnotationCommandHandlerAdapter;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.snapshotting.RevisionSnapshotFilter;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command node, wired by hand from Axon's parts: a command bus that handles on the loop's
 * thread, an event-sourcing repository per aggregate over the Kafka storage engine, the replica,
 * and the loop. Start it with {@link #loop()} on a thread of its own.
 */
public final class CommandNode {

  /** The consumer group every command node joins; partitions are shared out by Kafka. */
  public static final String GROUP_ID = "suggestions-command";

  private static final Logger log = LoggerFactory.getLogger(CommandNode.class);

  private final CommandLoop loop;
  private final KnownIds known;

  private CommandNode(CommandLoop loop, KnownIds known) {
    this.loop = loop;
    this.known = known;
  }

  /**
   * Whether the replica's aggregate and command ids are in memory (they reload after a catch-up).
   */
  public boolean idsInMemory() {
    return known.isLoaded();
  }

  /** The most commands one Kafka transaction carries, unless configured otherwise. */
  public static final int DEFAULT_MAX_BATCH = 500;

  public static CommandNode create(String bootstrapServers, DataSource dataSource, Clock clock) {
    return create(bootstrapServers, dataSource, clock, DEFAULT_MAX_BATCH);
  }

  /**
   * How a node takes part in the command group.
   *
   * @param protocol {@code classic}: the client assigns (cooperative-sticky) and times its session
   *     (6 s, heartbeat 1.5 s, set here); {@code consumer} (KIP-848): the brokers assign and their
   *     {@code group.consumer.*} settings time sessions and heartbeats
   * @param instanceId a name that stays the node's across restarts (static membership: a node back
   *     within its session timeout resumes its partitions with no rebalance), or {@code null}
   */
  public record Membership(String protocol, String instanceId) {

    /**
     * The consumer protocol, chosen by FailoverBench: a dead node's partitions answered again 6.4 s
     * after the kill (1.07 times the 6 s session) against 7.8 s (1.30 times) with the classic
     * protocol's cooperative rebalance, whose every member must rejoin each round.
     */
    public static final Membership DEFAULT = new Membership("consumer", null);

    public Membership {
      if (!protocol.equals("classic") && !protocol.equals("consumer")) {
        throw new IllegalArgumentException(
            "The command group protocol is classic or consumer, not " + protocol);
      }
      instanceId = instanceId == null || instanceId.isBlank() ? null : instanceId.strip();
    }
  }

  /**
   * @param maxBatch the most commands of one Kafka transaction; 1 commits every command on its own
   */
  public static CommandNode create(
      String bootstrapServers, DataSource dataSource, Clock clock, int maxBatch) {
    return create(bootstrapServers, dataSource, clock, maxBatch, Membership.DEFAULT);
  }

  /**
   * @param maxBatch the most commands of one Kafka transaction; 1 commits every command on its own
   */
  public static CommandNode create(
      String bootstrapServers,
      DataSource dataSource,
      Clock clock,
      int maxBatch,
      Membership membership) {
    return create(
        bootstrapServers, dataSource, clock, maxBatch, membership, new CompositeMeterRegistry());
  }

  /**
   * @param maxBatch the most commands of one Kafka transaction; 1 commits every command on its own
   * @param meters where the command path's meters go (the node's Prometheus registry)
   */
  public static CommandNode create(
      String bootstrapServers,
      DataSource dataSource,
      Clock clock,
      int maxBatch,
      Membership membership,
      MeterRegistry meters) {
    CommandMetrics metrics = new CommandMetrics(meters);
    ObjectMapper mapper = EnvelopeCodec.defaultMapper();
    Serializer serializer = EventSerialization.serializer();
    AxonEnvelopes envelopes = EventSerialization.envelopes(serializer);
    EnvelopeCodec eventCodec = new EnvelopeCodec(mapper);
    ReplicaStore replica = new ReplicaStore(dataSource, envelopes);
    replica.migrate();
    bindReplicaToTheLog(replica, bootstrapServers);

    keepLoaded(replica.knownIds(), dataSource);
    var engine =
        new KafkaEventStorageEngine(
            ReplicaSchema.jdbcEngine(dataSource, serializer, snapshotsOfTheCurrentFormat()),
            replica.knownIds(),
            envelopes,
            eventCodec,
            SuggestionTopics.EVENTS);
    var eventStore = EmbeddedEventStore.builder().storageEngine(engine).build();
    // Aggregates this node used recently stay in memory: deciding on them reads no database.
    Resident resident = new Resident(engine);
    var bus = SimpleCommandBus.builder().build();
    bus.registerHandlerInterceptor(correlationData());
    var guildConfigs =
        EventSourcingRepository.builder(GuildConfig.class)
            .eventStore(eventStore)
            .cache(resident.newCache())
            .build();
    // Authorisation happens once, for every route, before any handler runs.
    bus.registerHandlerInterceptor(ModeratorsOnly.readingFrom(guildConfigs));
    AggregateAnnotationCommandHandler.<GuildConfig>builder()
        .aggregateType(GuildConfig.class)
        .repository(guildConfigs)
        .build()
        .subscribe(bus);
    var userConfigs =
        EventSourcingRepository.builder(UserConfig.class)
            .eventStore(eventStore)
            .cache(resident.newCache())
            .build();
    AggregateAnnotationCommandHandler.<UserConfig>builder()
        .aggregateType(UserConfig.class)
        .repository(userConfigs)
        .build()
        .subscribe(bus);
    AggregateAnnotationCommandHandler.<Forgetting>builder()
        .aggregateType(Forgetting.class)
        .repository(
            EventSourcingRepository.builder(Forgetting.class).eventStore(eventStore).build())
        .build()
        .subscribe(bus);
    var suggestions =
        EventSourcingRepository.builder(Suggestion.class)
            .eventStore(eventStore)
            .cache(resident.newCache())
            .build();
    AggregateAnnotationCommandHandler.<Suggestion>builder()
        .aggregateType(Suggestion.class)
        .repository(suggestions)
        .build()
        .subscribe(bus);
    var queue =
        EventSourcingRepository.builder(QueuedSuggestion.class)
            .eventStore(eventStore)
            .cache(resident.newCache())
            .build();
    AggregateAnnotationCommandHandler.<QueuedSuggestion>builder()
        .aggregateType(QueuedSuggestion.class)
        .repository(queue)
        .build()
        .subscribe(bus);
    Predicate<String> keyUsed = key -> engine.lastSequenceNumberFor(key).isPresent();
    Function<String, SubmissionRules> rulesOf = SubmissionRules.readingFrom(guildConfigs);
    Publication publication = Publication.into(suggestions);
    // Resolutions ask the guild's config whether resolved suggestions have somewhere to go.
    ResolutionTargets targets =
        guild -> GuildConfig.read(guildConfigs, guild, GuildConfig::hasResolutionTarget, false);
    new AnnotationCommandHandlerAdapter<>(
            new Resolutions(suggestions, queue, keyUsed, targets, rulesOf, publication))
        .subscribe(bus);
    new AnnotationCommandHandlerAdapter<>(
            new Blocklist(
                guildConfigs,
                (guild, id) ->
                    authorOf(suggestions, SuggestionKey.of(guild, id), Suggestion::authorId)
                        .or(
                            () ->
                                authorOf(
                                    queue, QueueKey.of(guild, id), QueuedSuggestion::authorId))))
        .subscribe(bus);
    new AnnotationCommandHandlerAdapter<>(
            new LegacyHistory(
                suggestions,
                queue,
                keyUsed,
                (command, operator) ->
                    guildConfigs
                        .loadOrCreate(command.guildId(), GuildConfig::unconfigured)
                        .invoke(config -> config.openForImport(command, operator)),
                member ->
                    userConfigs
                        .loadOrCreate(UserKey.of(member.userId()), UserConfig::unconfigured)
                        .invoke(config -> config.importLegacy(member))))
        .subscribe(bus);
    new AnnotationCommandHandlerAdapter<>(
            new Submissions(
                rulesOf,
                publication,
                queue,
                keyUsed,
                (guild, author, id, at) ->
                    guildConfigs.load(guild).invoke(config -> config.admit(author, id, at)),
                clock))
        .subscribe(bus);

    Map<String, Object> consumerConfig = new HashMap<>();
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
    // Commands committed by a producer transaction only; offsets move only with our commits.
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    if (membership.protocol().equals("consumer")) {
      // The brokers assign, incrementally: only partitions that change owner move.
      consumerConfig.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
    } else {
      // A dead node's partitions move to the survivors after 6 s instead of the default 45 s.
      consumerConfig.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
      // A member learns of a rebalance at its next heartbeat. Partitions that move to a node
      // joining again wait for both members to rejoin the second round: with heartbeats 1.5 s
      // apart, 1.8 s passed between the old owner's release and the new owner's writers
      // (FailoverBench). Two heartbeats a second cost nothing.
      consumerConfig.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
      // Rebalances move only the partitions that change owner: a survivor keeps its own writers.
      consumerConfig.put(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
    }
    if (membership.instanceId() != null) {
      consumerConfig.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, membership.instanceId());
    }
    // A new group starts at the oldest retained command: none is skipped.
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // A hung or cut-off broker costs seconds, not Kafka's default 30 s per request.
    var consumer =
        new KafkaConsumer<>(
            WritePathTimeouts.consumer(consumerConfig),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    // The catch-up's consumer and the writers need no more than the cluster and the timeouts.
    Map<String, Object> cluster =
        Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    var catchUp = new ReplicaCatchUp(WritePathTimeouts.consumer(cluster), replica, eventCodec);
    var commandCodec = new CommandCodec(mapper);
    var handling = new CommandHandling(bus, replica, commandCodec, mapper, clock);
    var loop =
        new CommandLoop(
            consumer,
            WritePathTimeouts.producer(cluster),
            new PartitionBatch(
                handling,
                commandCodec,
                // The replica is written behind the command path, not on it.
                new ReplicaFeed(
                    replica,
                    catchUp,
                    new SnapshotTrigger(snapshotter(eventStore), AGGREGATES, SNAPSHOT_EVERY)),
                maxBatch,
                // Replies are sent as the requester sends commands; every partition shares one.
                CommandRequester.producer(bootstrapServers),
                resident,
                metrics),
            catchUp,
            metrics);
    return new CommandNode(loop, replica.knownIds());
  }

  /** Who wrote the suggestion or queued item {@code key}, if it exists. */
  private static <T> Optional<String> authorOf(
      Repository<T> repository, String key, Function<T, String> author) {
    try {
      return Optional.of(repository.load(key).invoke(author));
    } catch (AggregateNotFoundException noSuchAggregate) {
      return Optional.empty();
    }
  }

  /** Snapshots are taken of these, each {@link #SNAPSHOT_EVERY} events. */
  private static final List<Class<?>> AGGREGATES =
      List.of(GuildConfig.class, Suggestion.class, QueuedSuggestion.class, UserConfig.class);

  /**
   * Events between two snapshots of an aggregate. A suggestion grows by one event per vote and a
   * guild's config by one per submission; with a snapshot, a load reads at most this many events.
   */
  static final int SNAPSHOT_EVERY = 100;

  /** A snapshot is used only if its aggregate's {@code @Revision} is still the same. */
  private static SnapshotFilter snapshotsOfTheCurrentFormat() {
    return AGGREGATES.stream()
        .map(
            type ->
                (SnapshotFilter)
                    RevisionSnapshotFilter.builder()
                        .type(type.getSimpleName())
                        .revision(type.getAnnotation(Revision.class).value())
                        .build())
        .reduce(SnapshotFilter.allowAll(), SnapshotFilter::combine);
  }

  /**
   * Axon's snapshotter on one background thread. Snapshots are an optimisation: when the queue is
   * full, a request is dropped and a later one takes its place.
   */
  private static Snapshotter snapshotter(EventStore eventStore) {
    var executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(1_000),
            task -> {
              Thread thread = new Thread(task, "suggestions-snapshotter");
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.DiscardPolicy());
    return AggregateSnapshotter.builder()
        .eventStore(eventStore)
        .aggregateFactories(
            AGGREGATES.stream().<AggregateFactory<?>>map(GenericAggregateFactory::new).toList())
        .executor(executor)
        .build();
  }

  /**
   * Loads the replica's ids into memory on a background thread, again whenever a takeover
   * invalidated them, and retries while the database is down; commands ask the database meanwhile.
   */
  private static void keepLoaded(KnownIds known, DataSource dataSource) {
    Thread loader =
        new Thread(
            () -> {
              RetryLog retries = new RetryLog(log, "Loading the replica's ids into memory");
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  if (!known.isLoaded()) {
                    known.load(dataSource); // At start, and again after every takeover.
                  }
                  retries.passed();
                  Thread.sleep(1_000);
                } catch (InterruptedException e) {
                  return;
                } catch (Exception e) {
                  retries.failed("a load", e);
                  try {
                    Thread.sleep(5_000);
                  } catch (InterruptedException stop) {
                    return;
                  }
                }
              }
            },
            "known-ids");
    loader.setDaemon(true);
    loader.start();
  }

  /** A replica of other topics than the current log is emptied and rebuilt, never trusted. */
  private static void bindReplicaToTheLog(ReplicaStore replica, String bootstrapServers) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Map<String, String> topicIds = new HashMap<>();
      admin
          .describeTopics(List.of(SuggestionTopics.EVENTS, SuggestionTopics.INTERACTIONS))
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .forEach((name, topic) -> topicIds.put(name, topic.topicId().toString()));
      replica.bindTo(topicIds);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while binding the replica to the log", e);
    } catch (ExecutionException | TimeoutException | SQLException e) {
      throw new IllegalStateException(
          "Cannot check which log the replica mirrors: " + e.getMessage(), e);
    }
  }

  /** Events carry who acted and where, copied from the metadata of the command that caused them. */
  public static CorrelationDataInterceptor<CommandMessage<?>> correlationData() {
    return new CorrelationDataInterceptor<>(
        List.of(
            new SimpleCorrelationDataProvider(
                "commandId",
                "actorId",
                "locale",
                "guildLocale",
                "correlationId",
                KafkaEventStorageEngine.GUILD_ID)));
  }

  public CommandLoop loop() {
    return loop;
  }

  /** Whether the replica's ids are in memory, so new ids are told apart without the database. */
  boolean knowsReplicaIds() {
    return known.isLoaded();
  }
}
