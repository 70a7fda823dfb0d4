package gg.suggestions.query.cli;

import gg.suggestions.query.ProjectionCatalog;
import gg.suggestions.query.projection.Checksums;
import gg.suggestions.query.projection.ProjectionProcessor;
import gg.suggestions.query.projection.RebuildLock;
import gg.suggestions.query.projection.ShadowRebuild;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rebuild}: rebuilds projections from the log, by default beside the live ones. */
@Command(
    name = "rebuild",
    mixinStandardHelpOptions = true,
    description = {
      "Rebuild projections from the event log.",
      "shadow (default): fold the log into p_<name>_next while the live projection serves"
          + " queries, then swap atomically; the live processor continues from the rebuilt"
          + " position.",
      "processor: reset the projection and its token so the processors replay the log through"
          + " their handlers; stop every query node first."
    })
final class RebuildCommand implements Callable<Integer> {

  /** More workers than this only multiply memory: a topic has no more partitions to share. */
  private static final int MAX_WORKERS = 256;

  enum Mode {
    shadow,
    processor
  }

  static final class Which {
    @Option(
        names = "--projection",
        paramLabel = "NAME",
        arity = "1..*",
        description = "projections to rebuild: ${COMPLETION-CANDIDATES}",
        completionCandidates = ProjectionNames.class)
    List<String> names;

    @Option(names = "--all", description = "every projection")
    boolean all;
  }

  @Mixin Connections connections;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Which which;

  @Option(names = "--mode", defaultValue = "shadow", description = "shadow or processor")
  Mode mode;

  @Option(
      names = "--from",
      paramLabel = "TIME|OFFSETS",
      description =
          "start at an instant (2026-06-01T00:00:00Z) or at offsets (0:120,3:77; unnamed"
              + " partitions from their beginning) instead of the beginning of the log; the copy"
              + " then holds only what those events produce")
  String from;

  @Option(
      names = "--verify",
      description =
          "compare checksums of the rebuilt copy with the live projection, and swap it in only"
              + " if they are equal")
  boolean verify;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description =
          "partitions read and folded at once (default: one per core); memory grows with it, as"
              + " each worker holds one partition's rows")
  Integer workers;

  @Option(
      names = "--events-in-memory",
      paramLabel = "N",
      description =
          "the memory budget: events of a partition each worker folds in memory at once (default:"
              + " what half the heap holds, about 400 bytes each); a larger partition is folded in"
              + " several passes over shares of its keys")
  Long eventsInMemory;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<ProjectionCatalog.Entry> entries = Selection.of(which.all, which.names);
    PrintWriter out = spec.commandLine().getOut();
    connections.openSealedFields();
    DataSource database = connections.database();
    if (mode == Mode.processor) {
      return new ProcessorReset(connections, database, out).reset(entries, from);
    }
    int parallel = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
    if (parallel < 1 || parallel > MAX_WORKERS) {
      throw new UsageError(
          "--workers is a number of partitions to read at once, 1 to "
              + MAX_WORKERS
              + ", not "
              + parallel);
    }
    if (eventsInMemory != null && eventsInMemory < 1) {
      throw new UsageError(
          "--events-in-memory is how many events a worker folds at once, 1 or more, not "
              + eventsInMemory);
    }
    Optional<RebuildLock> lock = RebuildLock.tryAcquire(database);
    if (lock.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "suggestionsctl: another rebuild, or a node's bootstrap, is building projections in"
                  + " this database; run this again once it is done");
      return 1;
    }
    try (RebuildLock held = lock.get()) {
      return shadow(entries, database, out, parallel);
    }
  }

  private int shadow(
      List<ProjectionCatalog.Entry> entries, DataSource database, PrintWriter out, int parallel)
      throws Exception {
    var progress = new ProgressBar(spec.commandLine().getErr());
    var rebuild =
        eventsInMemory == null
            ? new ShadowRebuild(connections.kafka(), database, progress, parallel)
            : new ShadowRebuild(connections.kafka(), database, progress, parallel, eventsInMemory);
    int exit = 0;
    // One pass over each topic rebuilds every chosen projection that reads it.
    Map<String, List<ProjectionCatalog.Entry>> byTopic =
        entries.stream()
            .collect(
                Collectors.groupingBy(
                    ProjectionCatalog.Entry::topic, LinkedHashMap::new, Collectors.toList()));
    for (var topic : byTopic.entrySet()) {
      Map<Integer, Long> start = StartOffsets.parse(from, connections.kafka(), topic.getKey());
      var results =
          rebuild.build(
              topic.getValue().stream().map(ProjectionCatalog.Entry::target).toList(), start);
      for (ShadowRebuild.Result result : results) {
        out.printf(
            "%s: %,d records, %,d events read, %,d dead letters, token at %s%n",
            result.name(),
            result.records(),
            result.events(),
            result.deadLetters(),
            result.position());
        if (verify && !sameAsLive(database, result.name(), out)) {
          exit = Suggestionsctl.FOUND_SOMETHING;
          rebuild.discard(result.name());
          out.printf(
              "%s: not swapped in; the live projection is kept. Run rebuild without --verify to"
                  + " replace it.%n",
              result.name());
          continue;
        }
        rebuild.swap(result.name());
        out.printf("%s: swapped in%n", result.name());
      }
    }
    return exit;
  }

  static boolean sameAsLive(DataSource database, String name, PrintWriter out) throws Exception {
    Map<String, String> rebuilt = Checksums.of(database, ShadowRebuild.shadowOf(name));
    Map<String, String> live = Checksums.of(database, ProjectionProcessor.schemaOf(name));
    if (rebuilt.equals(live)) {
      out.printf("%s: verified, the copy equals the live projection %s%n", name, live);
      return true;
    }
    out.printf("%s: DIFFERS%n  rebuilt: %s%n  live:    %s%n", name, rebuilt, live);
    return false;
  }
}
