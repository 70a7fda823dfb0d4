package gg.suggestions.query.cli;

import gg.suggestions.query.ProjectionCatalog;
import gg.suggestions.query.projection.ShadowRebuild;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code verify}: rebuilds a copy beside each live projection, compares their checksums, and drops
 * the copy. Run it on a quiet log: events that arrive during the check make the live projection
 * differ from the copy, which stops at the end offsets of the start.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Compare a fresh rebuild of projections with the live ones (checksums).",
      "Run it on a quiet log: events written during the check make the live projection differ"
          + " from a copy that stops at the end of the log as it was at the start."
    })
final class VerifyCommand implements Callable<Integer> {

  @Mixin Connections connections;

  @ArgGroup(exclusive = true, multiplicity = "1")
  RebuildCommand.Which which;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<ProjectionCatalog.Entry> entries = Selection.of(which.all, which.names);
    PrintWriter out = spec.commandLine().getOut();
    connections.openSealedFields();
    DataSource database = connections.database();
    var rebuild =
        new ShadowRebuild(
            connections.kafka(), database, new ProgressBar(spec.commandLine().getErr()));
    boolean same = true;
    // One pass over each topic builds the copies of every chosen projection that reads it.
    var byTopic =
        entries.stream()
            .collect(
                Collectors.groupingBy(
                    ProjectionCatalog.Entry::topic, LinkedHashMap::new, Collectors.toList()));
    for (List<ProjectionCatalog.Entry> sameTopic : byTopic.values()) {
      try {
        rebuild.build(sameTopic.stream().map(ProjectionCatalog.Entry::target).toList(), Map.of());
        for (ProjectionCatalog.Entry entry : sameTopic) {
          same &= RebuildCommand.sameAsLive(database, entry.name(), out);
        }
      } finally {
        for (ProjectionCatalog.Entry entry : sameTopic) {
          rebuild.discard(entry.name());
        }
      }
    }
    return same ? 0 : Suggestionsctl.FOUND_SOMETHING;
  }
}
