package gg.suggestions.query.cli;

import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.limits.Limits;
import gg.suggestions.eventstore.request.CommandRequester;
import gg.suggestions.query.legacy.ImportReport;
import gg.suggestions.query.legacy.LegacyImport;
import gg.suggestions.query.legacy.LegacyWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code import legacy}: the old bot's MongoDB data. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Import data from elsewhere.",
    subcommands = {ImportCommand.Legacy.class})
final class ImportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  @Command(
      name = "legacy",
      mixinStandardHelpOptions = true,
      description = {
        "Import the old bot's MongoDB database from a mongodump folder (<collection>.bson) or"
            + " mongoexport files (<collection>.json, Extended JSON) through the command service,"
            + " which must be running: each guild is opened with its old settings, then its"
            + " suggestions, queue and statistics follow with their original ids and times.",
        "Every document is accounted for: read = imported + skipped, with the reasons and the"
            + " first ids of each. Safe to run again, also after a crash: what was written is"
            + " found by its ids and written once. A guild with history here is refused unless"
            + " --merge."
      })
  static final class Legacy implements Callable<Integer> {

    @Mixin Connections connections;

    @Option(names = "--dump", required = true, paramLabel = "DIR", description = "the dump folder")
    Path dump;

    @Option(
        names = "--zone",
        defaultValue = "UTC",
        paramLabel = "ZONE",
        description =
            "the zone of the old bot's host: its times were stored as naive local times"
                + " (default: ${DEFAULT-VALUE})")
    String zone;

    @Option(names = "--dry-run", description = "only read the dump and report; write nothing")
    boolean dryRun;

    @Option(
        names = "--actor",
        paramLabel = "ID",
        description =
            "your Discord id: the operator the imported events name (blocks, the import itself);"
                + " required unless --dry-run")
    String actor;

    @Option(
        names = "--merge",
        description =
            "import into guilds that already have history here too: their own settings stay,"
                + " items whose id is taken are reported as conflicts")
    boolean merge;

    @Option(
        names = "--in-flight",
        defaultValue = "2000",
        paramLabel = "N",
        description = "commands waiting for their answer at once (default ${DEFAULT-VALUE})")
    int inFlight;

    @Option(
        names = "--buffer-mb",
        paramLabel = "MB",
        description =
            "how much heap the data waiting for its guild's command to fill may take; past it"
                + " every command is sent (more, smaller commands). Default: a third of the heap")
    Long bufferMb;

    @Option(
        names = "--timeout-seconds",
        defaultValue = "120",
        paramLabel = "S",
        description = "how long one command's answer is waited for (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (!Files.isDirectory(dump)) {
        throw new UsageError("--dump names no folder: " + dump);
      }
      ZoneId hostZone;
      try {
        hostZone = ZoneId.of(zone);
      } catch (DateTimeException e) {
        throw new UsageError("--zone is no time zone: " + zone + " (e.g. UTC, Europe/Berlin)");
      }
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      LegacyImport legacy = new LegacyImport(dump, hostZone);
      if (dryRun) {
        ImportReport report =
            legacy.read(
                (collection, id, fact) -> {}, read -> err.printf("read %,d documents%n", read));
        out.printf("Dry run of %s, naive times read in %s: nothing written%n", dump, hostZone);
        out.print(report.text(false));
        out.flush();
        return 0;
      }
      if (actor == null || !Limits.isSnowflake(actor)) {
        throw new UsageError("--actor is your Discord id (1 to 20 digits), needed to write");
      }
      if (inFlight < 1 || inFlight > 100_000) {
        throw new UsageError("--in-flight is 1 to 100000");
      }
      long buffer =
          bufferMb == null ? Runtime.getRuntime().maxMemory() / 3 : bufferMb * 1024 * 1024;
      if (bufferMb != null && (bufferMb < 1 || bufferMb > 65_536)) {
        throw new UsageError("--buffer-mb is 1 to 65536");
      }
      if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
        throw new UsageError("--timeout-seconds is 1 to 3600");
      }
      long started = System.nanoTime();
      ImportReport report = new ImportReport();
      long unanswered;
      try (var requester =
          new CommandRequester(
              connections.bootstrapServers,
              "suggestionsctl-import-" + UUID.randomUUID(),
              new CommandCodec(EnvelopeCodec.defaultMapper()))) {
        LegacyWriter writer =
            new LegacyWriter(
                requester::send,
                actor,
                merge,
                report,
                inFlight,
                Duration.ofSeconds(timeoutSeconds),
                buffer);
        long[] read = {0};
        // Every few seconds, also while the last commands go out and their answers come in.
        var ticker = Executors.newSingleThreadScheduledExecutor(daemon());
        ticker.scheduleAtFixedRate(
            () -> progress(err, read[0], writer, started), 5, 5, TimeUnit.SECONDS);
        try {
          legacy.read(report, writer, documents -> read[0] = documents);
          unanswered = writer.finish();
        } finally {
          ticker.shutdownNow();
        }
        err.printf(
            "%,d commands answered in %.1f s (%,d sent again after a \"try again\")%n",
            writer.answered(), (System.nanoTime() - started) / 1e9, writer.retried());
      }
      out.printf(
          "Imported %s, naive times read in %s, in %.1f s%n",
          dump, hostZone, (System.nanoTime() - started) / 1e9);
      out.print(report.text(true));
      out.flush();
      if (unanswered > 0) {
        err.printf(
            "%,d commands got no answer in time: their documents are listed as skipped; run the"
                + " same import again to write them (what was written is found and kept)%n",
            unanswered);
        return 1;
      }
      return 0;
    }

    private static void progress(PrintWriter err, long read, LegacyWriter writer, long started) {
      err.printf(
          "%4.0f s  read %,d documents  %,d of %,d commands answered%n",
          (System.nanoTime() - started) / 1e9, read, writer.answered(), writer.sent());
      err.flush();
    }

    private static ThreadFactory daemon() {
      return runnable -> {
        Thread thread = new Thread(runnable, "import-progress");
        thread.setDaemon(true);
        return thread;
      };
    }
  }
}
