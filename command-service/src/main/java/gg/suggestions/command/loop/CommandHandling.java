package gg.suggestions.command.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.command.suggestion.LegacyHistory;
import gg.suggestions.eventstore.contract.Contracts;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyGuild;
import gg.suggestions.eventstore.engine.AppendBatch;
import gg.suggestions.eventstore.engine.KafkaEventStorageEngine;
import gg.suggestions.eventstore.engine.ReplicaUnavailableException;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.envelope.MalformedCommandException;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.replica.ReplicaStore;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one command record into an outcome: decode, look up the type, dispatch through Axon inside
 * the partition's open batch, and answer. Refusals, unreadable commands and concurrent changes are
 * replies; only bugs and infrastructure failures are exceptions.
 */
final class CommandHandling {

  private static final Logger log = LoggerFactory.getLogger(CommandHandling.class);

  /** Replies of commands this node committed, the most recent: a retry is answered from here. */
  private static final int RECENT_REPLIES = 50_000;

  private final CommandGateway gateway;
  private final ReplicaStore replica;
  private final Map<String, ReplyEnvelope> recentReplies =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ReplyEnvelope> eldest) {
          return size() > RECENT_REPLIES;
        }
      };
  private final CommandCodec codec;
  private final UnreadableCommands unreadable;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final Map<String, Class<?>> commandTypes =
      Contracts.commands().stream()
          .collect(Collectors.toMap(Class::getSimpleName, Function.identity()));

  CommandHandling(
      CommandBus bus, ReplicaStore replica, CommandCodec codec, ObjectMapper mapper, Clock clock) {
    this.gateway = DefaultCommandGateway.builder().commandBus(bus).build();
    this.replica = replica;
    this.unreadable = new UnreadableCommands(replica);
    this.codec = codec;
    this.mapper = mapper;
    this.clock = clock;
  }

  /**
   * The reply to send, keyed by its requester, and the interaction to record; empty when nobody can
   * be answered. A command id handled before, in an earlier batch or earlier in this one, is
   * answered with its first reply and handled no further.
   *
   * @param handledInBatch replies given so far in the open batch, by command id
   */
  Optional<Addressed> handle(
      ConsumerRecord<String, byte[]> record,
      AppendBatch batch,
      Map<String, ReplyEnvelope> handledInBatch)
      throws Exception {
    CommandEnvelope command;
    try {
      command = codec.decode(record.value());
    } catch (MalformedCommandException e) {
      unreadable.record(record, e.getMessage());
      log.warn(
          "Refusing an unreadable command at partition {} offset {}: {}",
          record.partition(),
          record.offset(),
          e.getMessage());
      return e.replyTo()
          .map(
              to ->
                  new Addressed(
                      to,
                      CommandMetrics.UNKNOWN_TYPE,
                      refuse(e.commandId().orElse("unknown"), e.code(), e.problems()),
                      null));
    }
    try {
      Optional<ReplyEnvelope> earlier =
          Optional.ofNullable(handledInBatch.get(command.commandId()))
              .or(() -> previousReply(command.commandId(), batch));
      if (earlier.isPresent()) {
        log.info("Command {} was handled before; answering it again", command.commandId());
        return Optional.of(new Addressed(command.replyTo(), typeOf(command), earlier.get(), null));
      }
      Decided decided =
          isKeyedByItsGuild(command, record.key())
              ? decide(command, batch)
              : new Decided(
                  refuse(
                      command.commandId(),
                      ErrorCode.INVALID_COMMAND,
                      "The command's guild does not match its partition key or payload."));
      ReplyEnvelope reply = decided.reply();
      return Optional.of(
          new Addressed(
              command.replyTo(),
              typeOf(command),
              reply,
              InteractionEnvelope.of(command, reply),
              decided.history()));
    } catch (ReplicaUnavailableException e) {
      // Nothing of it was sent, and no interaction spends its id: the same command may come again.
      log.info(
          "Command {} at partition {} offset {} needs the replica, which is unavailable: {}",
          command.commandId(),
          record.partition(),
          record.offset(),
          e.getMessage());
      return Optional.of(
          new Addressed(
              command.replyTo(),
              typeOf(command),
              refuse(command.commandId(), ErrorCode.TEMPORARILY_UNAVAILABLE, null),
              null));
    }
  }

  /**
   * The first reply to a command id handled before: from memory for a recent one of this node's;
   * not at all when the id is certainly new (most are); from the replica otherwise.
   */
  private Optional<ReplyEnvelope> previousReply(String commandId, AppendBatch batch) {
    ReplyEnvelope recent;
    synchronized (recentReplies) {
      recent = recentReplies.get(commandId);
    }
    if (recent != null) {
      return Optional.of(recent);
    }
    if (!replica.knownIds().mayHaveHandled(commandId)) {
      return Optional.empty();
    }
    batch.beforeReplicaRead();
    try {
      return replica.handledReply(commandId);
    } catch (SQLException | RuntimeException e) {
      throw new ReplicaUnavailableException(
          "Cannot look up whether command " + commandId + " was handled", e);
    }
  }

  /** {@code interactions} are committed to the log: a retry of one is answered from memory. */
  void committed(List<InteractionEnvelope> interactions) {
    replica
        .knownIds()
        .addCommands(interactions.stream().map(InteractionEnvelope::commandId).toList());
    synchronized (recentReplies) {
      interactions.forEach(i -> recentReplies.put(i.commandId(), i.reply()));
    }
  }

  /**
   * A guild's events must land on the guild's partition: the record key, the envelope's guild and
   * the payload's guild must agree, or one guild could write into another's stream, or into the
   * wrong partition, where a second writer could decide on the same aggregate. A command without a
   * guild is the actor's own ({@code user:<id>}) and names no guild in its payload.
   */
  private static boolean isKeyedByItsGuild(CommandEnvelope command, String key) {
    var payloadGuild = command.payload().get("guildId");
    String payloadGuildId =
        payloadGuild == null || payloadGuild.isNull() ? null : payloadGuild.asText();
    return command.partitionKey().equals(key) && Objects.equals(command.guildId(), payloadGuildId);
  }

  /** A decision: the reply, and the imported statistics it writes beside its own interaction. */
  private record Decided(ReplyEnvelope reply, List<InteractionEnvelope> history) {
    Decided(ReplyEnvelope reply) {
      this(reply, List.of());
    }
  }

  private Decided decide(CommandEnvelope command, AppendBatch batch) throws Exception {
    Class<?> type = commandTypes.get(command.type());
    if (type == null) {
      return new Decided(
          refuse(
              command.commandId(),
              ErrorCode.UNKNOWN_COMMAND,
              "Unknown command type " + command.type() + "."));
    }
    Object payload;
    try {
      payload = mapper.treeToValue(command.payload(), type);
    } catch (Exception e) {
      return new Decided(
          refuse(
              command.commandId(),
              ErrorCode.INVALID_COMMAND,
              "The " + command.type() + " fields could not be read."));
    }
    ReplyEnvelope reply = decide(command, payload, batch);
    return new Decided(
        reply,
        reply.accepted() && payload instanceof ImportLegacyGuild statistics
            ? LegacyHistory.interactionsOf(command, statistics)
            : List.of());
  }

  private ReplyEnvelope decide(CommandEnvelope command, Object payload, AppendBatch batch)
      throws Exception {
    batch.startCommand(command.commandId());
    int before = batch.pending().size();
    try {
      Outcome outcome =
          batch.bound(
              () -> gateway.sendAndWait(new GenericCommandMessage<>(payload, metaData(command))));
      return reply(command.commandId(), outcome, lastSequences(batch, before));
    } catch (ConcurrencyException e) {
      return refuse(command.commandId(), ErrorCode.CONCURRENT_CHANGE, null);
    } catch (AggregateNotFoundException e) {
      // Only suggestions are addressed by an id a user types; every other aggregate is created
      // by its first command.
      return refuse(command.commandId(), ErrorCode.SUGGESTION_NOT_FOUND, null);
    } catch (RuntimeException e) {
      Optional<ReplicaUnavailableException> unavailable = replicaUnavailableIn(e);
      if (unavailable.isPresent() && batch.pending().size() == before) {
        throw unavailable.get(); // Nothing of this command was sent: refuse it alone.
      }
      throw e; // Its events may be in the transaction: the batch aborts.
    }
  }

  /** A refusal for want of the replica, however deep Axon wrapped it. */
  private static Optional<ReplicaUnavailableException> replicaUnavailableIn(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ReplicaUnavailableException unavailable) {
        return Optional.of(unavailable);
      }
    }
    return Optional.empty();
  }

  private static MetaData metaData(CommandEnvelope command) {
    Map<String, Object> values = new HashMap<>();
    values.put(GuildConfig.ACTOR, command.actor());
    values.put("commandId", command.commandId());
    values.put("actorId", command.actor().userId());
    values.put("correlationId", command.commandId());
    putIfPresent(values, KafkaEventStorageEngine.GUILD_ID, command.guildId());
    putIfPresent(values, "locale", command.locale());
    putIfPresent(values, "guildLocale", command.guildLocale());
    return MetaData.from(values);
  }

  private static void putIfPresent(Map<String, Object> values, String key, String value) {
    if (value != null) {
      values.put(key, value);
    }
  }

  private ReplyEnvelope reply(String commandId, Outcome outcome, Map<String, Long> sequences) {
    if (outcome instanceof Outcome.Refused refused) {
      return ReplyEnvelope.refused(
          commandId, refused.code(), refused.detail(), refused.result(), clock.instant());
    }
    var result =
        outcome instanceof Outcome.Accepted accepted ? accepted.result() : Map.<String, String>of();
    return ReplyEnvelope.accepted(commandId, result, sequences, clock.instant());
  }

  /** The last sequence of each aggregate among the events appended since {@code from}. */
  private static Map<String, Long> lastSequences(AppendBatch batch, int from) {
    Map<String, Long> sequences = new HashMap<>();
    List<EventEnvelope> pending = batch.pending();
    for (EventEnvelope event : pending.subList(from, pending.size())) {
      sequences.merge(event.aggregateId(), event.sequence(), Math::max);
    }
    return sequences;
  }

  private ReplyEnvelope refuse(String commandId, ErrorCode code, String detail) {
    return ReplyEnvelope.refused(commandId, code, detail, clock.instant());
  }

  /**
   * A reply, the requester it goes to, the command's type ({@link #typeOf}), the interaction to
   * record ({@code null} when the command was not handled now: unreadable, or a retry), and the old
   * bot's interactions an accepted import of statistics writes beside it.
   */
  record Addressed(
      String replyTo,
      String type,
      ReplyEnvelope reply,
      InteractionEnvelope interaction,
      List<InteractionEnvelope> history) {

    /** A reply that writes no imported statistics. */
    Addressed(String replyTo, String type, ReplyEnvelope reply, InteractionEnvelope interaction) {
      this(replyTo, type, reply, interaction, List.of());
    }
  }

  /** The command's type as a metric tag: one this build knows, or {@code unknown}. */
  private String typeOf(CommandEnvelope command) {
    return commandTypes.containsKey(command.type()) ? command.type() : CommandMetrics.UNKNOWN_TYPE;
  }
}
