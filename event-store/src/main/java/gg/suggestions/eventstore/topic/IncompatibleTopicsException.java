package gg.suggestions.eventstore.topic;

import java.util.List;

/**
 * Existing topics differ from what the platform needs in a way that would weaken durability or
 * break per-key ordering. Nothing is changed on the cluster; an operator must fix the topics.
 */
public final class IncompatibleTopicsException extends RuntimeException {

  private final List<String> problems;

  public IncompatibleTopicsException(List<String> problems) {
    super("Incompatible Kafka topics: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One sentence per problem, each naming the topic, what it has and what it needs. */
  public List<String> problems() {
    return problems;
  }
}
