package gg.suggestions.query.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.legacy.LegacyImports;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * How the writer packs facts into commands and accounts for their answers, against a command
 * service played by a function: the real one is in {@code LegacyImportIT}.
 */
class LegacyWriterTest {

  private static final String GUILD = "601219766258106399";
  private static final String OTHER_GUILD = "601219766258106400";
  private static final Instant AT = Instant.parse("2024-03-01T10:00:00Z");

  private final ImportReport report = new ImportReport();
  private final List<CommandEnvelope> sent = new ArrayList<>();

  @Test
  void aGuildsDataGoesInOneCommandAndTheSameDumpMakesTheSameCommandIds() throws Exception {
    List<String> first = commandIds(run(accepting()));
    sent.clear();
    List<String> second = commandIds(run(accepting()));

    assertThat(first).hasSize(2).isEqualTo(second);
    assertThat(sent)
        .extracting(CommandEnvelope::guildId)
        .containsExactlyInAnyOrder(GUILD, OTHER_GUILD);
    assertThat(sent).allMatch(c -> LegacyImports.isImported(c.commandId()));
    CommandEnvelope guild =
        sent.stream().filter(c -> GUILD.equals(c.guildId())).findFirst().orElseThrow();
    assertThat(guild.payload().get("suggestions")).hasSize(2);
    assertThat(guild.payload().get("interactions")).hasSize(1);
  }

  @Test
  void aTryAgainIsSentAgainByTheSameIdAndOtherRefusalsAreReportedPerDocument() throws Exception {
    Set<String> triedOnce = new java.util.HashSet<>();
    LegacyWriter writer =
        run(
            command -> {
              if (GUILD.equals(command.guildId()) && triedOnce.add(command.commandId())) {
                return ReplyEnvelope.refused(
                    command.commandId(), ErrorCode.TEMPORARILY_UNAVAILABLE, null, AT);
              }
              if (OTHER_GUILD.equals(command.guildId())) {
                return ReplyEnvelope.refused(
                    command.commandId(), ErrorCode.INVALID_COMMAND, "history here", AT);
              }
              return accepted(command);
            });

    assertThat(writer.retried()).isEqualTo(1);
    assertThat(sent.stream().map(CommandEnvelope::commandId).distinct()).hasSize(2);
    var suggestions = report.of("suggestions");
    assertThat(suggestions.written()).isEqualTo(2);
    assertThat(suggestions.skipped()).containsExactly(Map.entry("refused: history here", 1L));
    assertThat(suggestions.read()).isEqualTo(suggestions.imported() + suggestions.skippedCount());
  }

  private LegacyWriter run(Function<CommandEnvelope, ReplyEnvelope> service) throws Exception {
    LegacyWriter writer =
        new LegacyWriter(
            command -> {
              synchronized (sent) {
                sent.add(command);
              }
              return CompletableFuture.completedFuture(service.apply(command));
            },
            "223456789012345678",
            false,
            report,
            10,
            Duration.ofSeconds(30),
            1 << 20);
    for (String[] s :
        List.of(
            new String[] {GUILD, "aaaa0001"},
            new String[] {GUILD, "aaaa0002"},
            new String[] {OTHER_GUILD, "bbbb0001"})) {
      report.of("suggestions").imported(1, Map.of());
      writer.fact("suggestions", s[1], suggestion(s[0], s[1]));
    }
    report.of("member_stats").imported(1, Map.of());
    writer.fact(
        "member_stats",
        "6580e5a0a1b2c3d4e5f60704",
        new LegacyFacts.Interaction(GUILD, "323456789012345678", "suggest", null, true, AT));
    writer.finish();
    return writer;
  }

  private static Function<CommandEnvelope, ReplyEnvelope> accepting() {
    return LegacyWriterTest::accepted;
  }

  private static ReplyEnvelope accepted(CommandEnvelope command) {
    return ReplyEnvelope.accepted(command.commandId(), Map.of(), Map.of(), AT);
  }

  private List<String> commandIds(LegacyWriter writer) {
    return sent.stream().map(CommandEnvelope::commandId).sorted().toList();
  }

  private static LegacyFacts.Suggestion suggestion(String guild, String sid) {
    return new LegacyFacts.Suggestion(
        sid,
        new LegacyFacts.Submission(guild, "323456789012345678", "Idea", null, false, AT),
        "pending",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Set.of("423456789012345678"),
        Set.of(),
        0,
        0);
  }
}
