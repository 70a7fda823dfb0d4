package gg.suggestions.eventstore.log;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import org.axonframework.eventhandling.TrackingToken;

/**
 * A position in the event topic: for every partition, the offset of the next record to read.
 *
 * <p>A partition that is absent has next offset 0 (nothing read yet); the canonical form leaves
 * such entries out, so two tokens for the same position are equal whatever their history. Order
 * exists only within a partition, so tokens form a lattice rather than a line: {@link #lowerBound}
 * and {@link #upperBound} take the per-partition minimum and maximum, and {@link #covers} holds
 * when every partition is at least as far. That is exactly what Axon's {@code ReplayToken} needs to
 * flag each replayed event correctly, whatever order the partitions are interleaved in.
 *
 * <p>Immutable and thread-safe. Serialised by Jackson as {@code {"offsets":{"0":12,"3":7}}}.
 */
public final class KafkaTrackingToken implements TrackingToken {

  private static final KafkaTrackingToken EMPTY = new KafkaTrackingToken(Map.of());

  private final Map<Integer, Long> offsets;

  @JsonCreator
  private KafkaTrackingToken(@JsonProperty("offsets") Map<Integer, Long> offsets) {
    TreeMap<Integer, Long> canonical = new TreeMap<>();
    offsets.forEach(
        (partition, offset) -> {
          if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException(
                "Partition and offset must not be negative: partition "
                    + partition
                    + ", offset "
                    + offset);
          }
          if (offset > 0) {
            canonical.put(partition, offset);
          }
        });
    this.offsets = Collections.unmodifiableMap(canonical);
  }

  /** The position before the first record of every partition. */
  public static KafkaTrackingToken empty() {
    return EMPTY;
  }

  /** A token from a map of partition to next offset. */
  public static KafkaTrackingToken of(Map<Integer, Long> nextOffsets) {
    return new KafkaTrackingToken(nextOffsets);
  }

  /** This token moved past the record at {@code offset} of {@code partition}. */
  public KafkaTrackingToken advancedTo(int partition, long offset) {
    TreeMap<Integer, Long> next = new TreeMap<>(offsets);
    next.merge(partition, offset + 1, Math::max);
    return new KafkaTrackingToken(next);
  }

  /** The offset of the next record to read from {@code partition}. */
  public long nextOffset(int partition) {
    return offsets.getOrDefault(partition, 0L);
  }

  /** Partition to next offset, for partitions with at least one record read. */
  @JsonGetter("offsets")
  public Map<Integer, Long> offsets() {
    return offsets;
  }

  /** Whether the record at {@code offset} of {@code partition} lies behind this position. */
  public boolean includes(int partition, long offset) {
    return offset < nextOffset(partition);
  }

  @Override
  public TrackingToken lowerBound(TrackingToken other) {
    return combine(other, Math::min);
  }

  @Override
  public TrackingToken upperBound(TrackingToken other) {
    return combine(other, Math::max);
  }

  @Override
  public boolean covers(TrackingToken other) {
    if (other == null) {
      return true;
    }
    return cast(other).offsets.entrySet().stream()
        .allMatch(entry -> nextOffset(entry.getKey()) >= entry.getValue());
  }

  /** Records read so far, over all partitions: a progress measure, not an order. */
  @Override
  public OptionalLong position() {
    return OptionalLong.of(offsets.values().stream().mapToLong(Long::longValue).sum());
  }

  private KafkaTrackingToken combine(TrackingToken other, BinaryOperator<Long> pick) {
    KafkaTrackingToken that = cast(other);
    TreeMap<Integer, Long> combined = new TreeMap<>();
    combined.putAll(offsets);
    that.offsets.keySet().forEach(p -> combined.putIfAbsent(p, 0L));
    combined.replaceAll((p, offset) -> pick.apply(offset, that.nextOffset(p)));
    return new KafkaTrackingToken(combined);
  }

  private static KafkaTrackingToken cast(TrackingToken other) {
    if (other instanceof KafkaTrackingToken token) {
      return token;
    }
    throw new IllegalArgumentException(
        "A KafkaTrackingToken compares only with another, not with "
            + (other == null ? "null" : other.getClass().getName()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KafkaTrackingToken other && offsets.equals(other.offsets);
  }

  @Override
  public int hashCode() {
    return offsets.hashCode();
  }

  @Override
  public String toString() {
    return "KafkaTrackingToken" + offsets;
  }
}
