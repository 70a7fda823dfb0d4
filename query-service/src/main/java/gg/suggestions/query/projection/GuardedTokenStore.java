package gg.suggestions.query.projection;

import java.sql.Connection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;

/**
 * A processor's token store that notices when its database went back. The token is written in the
 * same transaction as the projection's rows, so rows and token are lost together when PostgreSQL
 * loses commits it had acknowledged (a failover to an asynchronous standby, {@code
 * synchronous_commit=off}). Axon's store would then write the processor's in-memory position over
 * the older token, and the events in between would never be applied.
 *
 * <p>This store remembers, per segment, the token it last read or wrote. Before it stores the next
 * one it reads the stored token in the same transaction; if that is not the one it left, it refuses
 * the batch with {@link TokenRegressedException}. The batch rolls back, the processor releases the
 * segment, claims it again and replays from the stored token. An operator's reset of a running
 * processor is picked up the same way instead of being overwritten.
 */
final class GuardedTokenStore extends JdbcTokenStore {

  /** A token as last seen; {@code null} is a valid token (before the first event). */
  private record Seen(TrackingToken token) {}

  private final Map<Integer, Seen> seen = new ConcurrentHashMap<>();

  GuardedTokenStore(JdbcTokenStore.Builder builder) {
    super(builder);
  }

  @Override
  public TrackingToken fetchToken(String processorName, int segment) {
    return remember(segment, super.fetchToken(processorName, segment));
  }

  @Override
  public TrackingToken fetchToken(String processorName, Segment segment) {
    return remember(segment.getSegmentId(), super.fetchToken(processorName, segment));
  }

  @Override
  public void storeToken(TrackingToken token, String processorName, int segment) {
    Seen expected = seen.get(segment);
    if (expected != null) {
      TrackingToken stored = stored(processorName, segment);
      if (!Objects.equals(stored, expected.token())) {
        seen.remove(segment);
        throw new TokenRegressedException(
            "The token of processor "
                + processorName
                + " segment "
                + segment
                + " is "
                + stored
                + ", not "
                + expected.token()
                + " as this node left it: the database lost acknowledged commits, the processor"
                + " was reset or another node took it over; replaying from the stored token");
      }
    }
    super.storeToken(token, processorName, segment);
    seen.put(segment, new Seen(token));
  }

  private TrackingToken remember(int segment, TrackingToken token) {
    seen.put(segment, new Seen(token));
    return token;
  }

  /** The token in the table now, read in the caller's transaction with Axon's own query. */
  private TrackingToken stored(String processorName, int segment) {
    Connection connection = getConnection();
    try {
      return JdbcUtils.executeQuery(
          connection,
          c -> select(c, processorName, segment, false),
          row -> row.next() ? readTokenEntry(row).getToken(serializer()) : null,
          e -> new JdbcException("Could not read the token of " + processorName, e));
    } finally {
      JdbcUtils.closeQuietly(connection);
    }
  }

  /** The stored token is not the one this node left: the batch must not commit over it. */
  static final class TokenRegressedException extends IllegalStateException {
    TokenRegressedException(String message) {
      super(message);
    }
  }
}
