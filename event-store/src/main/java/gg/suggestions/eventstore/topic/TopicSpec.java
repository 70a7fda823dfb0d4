package gg.suggestions.eventstore.topic;

import java.util.Map;

/**
 * What a topic must look like: its name, its exact partition count and the topic-level settings
 * that the platform relies on. The replication factor is not part of the spec; it is a property of
 * the cluster the topic lives on (see {@link Durability}).
 *
 * @param name the topic name, versioned ({@code .v1}); a new layout is a new topic
 * @param partitions the exact partition count; it never changes in place, because keys would move
 * @param configs topic configs set at creation and checked on every start
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

  public TopicSpec {
    configs = Map.copyOf(configs);
  }
}
