package gg.suggestions.query.projection;

import gg.suggestions.query.ProjectionCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Every projection rebuilt into its shadow schema, checksummed table by table, then discarded. */
final class RebuiltChecksums {

  private RebuiltChecksums() {}

  /**
   * @param until per topic, where each partition's reading ends (the log's end where not given)
   * @return each table's checksum, by projection
   */
  static Map<String, Map<String, String>> of(
      ShadowRebuild rebuild, DataSource database, Map<String, Map<Integer, Long>> until)
      throws Exception {
    Map<String, Map<String, String>> checksums = new LinkedHashMap<>();
    Map<String, List<ProjectionCatalog.Entry>> byTopic =
        ProjectionCatalog.ALL.stream()
            .collect(
                Collectors.groupingBy(
                    ProjectionCatalog.Entry::topic, LinkedHashMap::new, Collectors.toList()));
    for (var topic : byTopic.entrySet()) {
      List<ShadowRebuild.Result> results =
          rebuild.build(
              topic.getValue().stream().map(ProjectionCatalog.Entry::target).toList(),
              Map.of(),
              until.getOrDefault(topic.getKey(), Map.of()));
      for (ShadowRebuild.Result result : results) {
        checksums.put(result.name(), Checksums.of(database, ShadowRebuild.shadowOf(result.name())));
        rebuild.discard(result.name());
      }
    }
    return checksums;
  }
}
