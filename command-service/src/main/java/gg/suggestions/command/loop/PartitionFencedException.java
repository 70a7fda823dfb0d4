package gg.suggestions.command.loop;

/**
 * Another node now owns the partition: this writer's transactions can never commit again. The loop
 * releases the partition; nothing this writer sent after the takeover is ever visible.
 */
public final class PartitionFencedException extends RuntimeException {

  public PartitionFencedException(int partition, Throwable cause) {
    super("Partition " + partition + " was taken over by a newer writer; releasing it", cause);
  }
}
