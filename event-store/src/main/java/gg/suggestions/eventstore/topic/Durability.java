package gg.suggestions.eventstore.topic;

/**
 * How many copies of every record the cluster keeps, and how many must have it before a write is
 * acknowledged.
 *
 * <p>{@link #PRODUCTION} is the only setting for real data: three replicas, two in sync. {@link
 * #SINGLE_BROKER_DEVELOPMENT} exists for the embedded default runtime and keeps one copy only.
 *
 * @param replicationFactor copies of each partition
 * @param minInsyncReplicas replicas that must acknowledge an {@code acks=all} write
 */
public record Durability(short replicationFactor, int minInsyncReplicas) {

  public static final Durability PRODUCTION = new Durability((short) 3, 2);
  public static final Durability SINGLE_BROKER_DEVELOPMENT = new Durability((short) 1, 1);

  /** The durability for a configured replication factor: 1 (development) or at least 3. */
  public static Durability forReplicationFactor(int replicationFactor) {
    if (replicationFactor == 1) {
      return SINGLE_BROKER_DEVELOPMENT;
    }
    if (replicationFactor < 3) {
      throw new IllegalArgumentException(
          "Replication factor "
              + replicationFactor
              + " is not allowed: use 3 or more (production) or 1 (single-broker development)");
    }
    return new Durability((short) replicationFactor, 2);
  }

  public boolean isReplicated() {
    return replicationFactor > 1;
  }
}
