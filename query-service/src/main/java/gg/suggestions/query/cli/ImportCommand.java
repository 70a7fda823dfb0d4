package gg.suggestions.query.cli;

import gg.suggestions.query.legacy.ImportReport;
import gg.suggestions.query.legacy.LegacyImport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
        "Read the old bot's MongoDB database from a mongodump folder (<collection>.bson) or"
            + " mongoexport files (<collection>.json, Extended JSON), and account for every"
            + " document: read = imported + skipped, with the reasons and the first ids of each.",
        "Only --dry-run is built: it reads and reports; writing the history is not built yet."
      })
  static final class Legacy implements Callable<Integer> {

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

    @Option(names = "--dry-run", description = "only read the dump and report")
    boolean dryRun;

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
      if (!dryRun) {
        throw new UsageError(
            "writing the imported history is not built yet; run with --dry-run to read the dump"
                + " and account for every document");
      }
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ImportReport report =
          new LegacyImport(dump, hostZone)
              .read((collection, fact) -> {}, read -> err.printf("read %,d documents%n", read));
      out.printf("Dry run of %s, naive times read in %s: nothing written%n", dump, hostZone);
      out.print(report.text());
      out.flush();
      return 0;
    }
  }
}
