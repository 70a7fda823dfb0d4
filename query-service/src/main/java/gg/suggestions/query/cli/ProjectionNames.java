package gg.suggestions.query.cli;

import gg.suggestions.query.ProjectionCatalog;
import java.util.Iterator;

/** The projection names {@code --projection} accepts, for help and completion. */
final class ProjectionNames implements Iterable<String> {

  @Override
  public Iterator<String> iterator() {
    return ProjectionCatalog.ALL.stream().map(ProjectionCatalog.Entry::name).iterator();
  }
}
