package gg.suggestions.query.cli;

import gg.suggestions.eventstore.limits.Limits;
import gg.suggestions.query.ProjectionCatalog;
import java.util.List;

/** The projections a command line names, or all of them. */
final class Selection {

  private Selection() {}

  static List<ProjectionCatalog.Entry> of(boolean all, List<String> names) {
    if (all) {
      return ProjectionCatalog.ALL;
    }
    return names.stream()
        .map(
            name ->
                ProjectionCatalog.named(name)
                    .orElseThrow(
                        () ->
                            new UsageError(
                                "There is no projection "
                                    + Limits.quote(name)
                                    + "; there are "
                                    + String.join(", ", new ProjectionNames()))))
        .toList();
  }
}
