package gg.suggestions.query.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.eventstore.deadletter.SafeText;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.limits.Limits;
import gg.suggestions.eventstore.retry.RetryLog;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code events}: the event log for people and scripts. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = "Read the event log.",
    subcommands = EventsCommand.Tail.class)
final class EventsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** {@code events tail}: committed events as JSON lines, filtered by type and guild. */
  @Command(
      name = "tail",
      mixinStandardHelpOptions = true,
      description = {
        "Print committed events as JSON lines (one envelope per line), as analytics reads them.",
        "Follows the log until interrupted, unless --until-end.",
        "A record that is no readable envelope is passed over with one line on stderr:",
        "  suggestionsctl: unreadable record <topic>-<partition>@<offset>: <reason>",
        "so stdout stays JSON lines. Control characters in events and reasons are printed as",
        "\\uXXXX escapes, never raw."
      })
  static final class Tail implements Callable<Integer> {

    @Mixin Connections connections;

    @Option(names = "--from-beginning", description = "start at the oldest event, not at the end")
    boolean fromBeginning;

    @Option(
        names = "--until-end",
        description = "stop at the end of the log as it was at the start")
    boolean untilEnd;

    @Option(
        names = "--type",
        paramLabel = "TYPE",
        description = "only events of this type (repeatable)")
    Set<String> types;

    @Option(names = "--guild", paramLabel = "GUILD_ID", description = "only events of this guild")
    String guild;

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl (the only format)")
    String format;

    @Spec CommandSpec spec;

    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final ObjectMapper json = EnvelopeCodec.defaultMapper();

    @Override
    public Integer call() throws Exception {
      if (!"jsonl".equals(format)) {
        throw new UsageError("--format must be jsonl");
      }
      requireValidFilters();
      PrintWriter out = spec.commandLine().getOut();
      try (Consumer<String, byte[]> consumer = consumer()) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(SuggestionTopics.EVENTS, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        if (fromBeginning) {
          consumer.seekToBeginning(partitions);
        } else {
          consumer.seekToEnd(partitions);
        }
        while (!(untilEnd && reached(consumer, end))) {
          for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            print(out, record);
          }
          out.flush();
        }
      }
      return 0;
    }

    /** The filters follow the platform's {@link Limits}: a guild id, event type names. */
    private void requireValidFilters() {
      if (guild != null) {
        Limits.snowflake("--guild", guild)
            .ifPresent(
                problem -> {
                  throw new UsageError(problem);
                });
      }
      for (String type : types == null ? Set.<String>of() : types) {
        if (!TYPE.matcher(type).matches()) {
          throw new UsageError(
              "--type must be an event type such as VoteCast, not " + Limits.quote(type));
        }
      }
    }

    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");

    /** Prints {@code record} as a JSON line, or one line on stderr if it does not read. */
    private void print(PrintWriter out, ConsumerRecord<String, byte[]> record) {
      try {
        EventEnvelope event = codec.decode(record.value());
        if ((types == null || types.contains(event.type()))
            && (guild == null || guild.equals(event.guildId()))) {
          // Jackson escapes C0 controls only; DEL, C1 controls and lone surrogates are escaped
          // here, which keeps the line valid JSON: they can only occur inside strings.
          out.println(SafeText.printable(json.writeValueAsString(event), Integer.MAX_VALUE));
        }
      } catch (JsonProcessingException | RuntimeException unreadable) {
        spec.commandLine()
            .getErr()
            .printf(
                "suggestionsctl: unreadable record %s-%d@%d: %s%n",
                record.topic(), record.partition(), record.offset(), RetryLog.reason(unreadable));
      }
    }

    private static boolean reached(
        Consumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
      return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private Consumer<String, byte[]> consumer() {
      Map<String, Object> config = new HashMap<>(connections.kafka());
      // Only committed events: aborted writes never happened.
      config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }
  }
}
