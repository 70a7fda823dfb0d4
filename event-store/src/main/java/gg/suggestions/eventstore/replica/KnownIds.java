package gg.suggestions.eventstore.replica;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which aggregate ids and handled command ids the replica may hold, as Bloom filters in memory: a
 * "no" is certain, a "maybe" asks the database. Most commands are new and most aggregates they
 * create are new, so with these the command path proves both without a query, and keeps deciding
 * while the database is down.
 *
 * <p>Every id is added before the replica holds it: by the command path when its Kafka transaction
 * commits, and by the replica store when it writes, which covers catch-ups of other nodes' events.
 * A filter answers only once it is {@linkplain #load loaded} from the database; an id added while
 * it loads is kept. A filter that fills past its capacity loses precision, not correctness, and is
 * loaded again, at twice the size, after the next takeover. Thread-safe.
 */
public final class KnownIds {

  private static final Logger log = LoggerFactory.getLogger(KnownIds.class);

  /** One "maybe" in a thousand for an id never added. */
  private static final double FALSE_POSITIVES = 0.001;

  private static final long MIN_CAPACITY = 1_000_000;

  private static final String AGGREGATE_IDS =
      "SELECT DISTINCT aggregate_identifier FROM " + ReplicaStore.SCHEMA + ".domain_event_entry";
  private static final String COMMAND_IDS =
      "SELECT command_id FROM " + ReplicaStore.SCHEMA + ".handled_command";

  private final IdFilter aggregates = new IdFilter("aggregate ids");
  private final IdFilter commands = new IdFilter("handled command ids");

  /** Aggregate ids of events committed to the log or written to the replica. */
  public void addAggregates(Collection<String> ids) {
    aggregates.add(ids);
  }

  /** Ids of commands whose interaction was committed to the log or written to the replica. */
  public void addCommands(Collection<String> ids) {
    commands.add(ids);
  }

  /** False only if no event of {@code aggregateId} was ever committed; true before loading. */
  public boolean mayHoldAggregate(String aggregateId) {
    return aggregates.mayContain(aggregateId);
  }

  /** False only if command {@code commandId} was never handled; true before loading. */
  public boolean mayHaveHandled(String commandId) {
    return commands.mayContain(commandId);
  }

  /** Whether both filters answer, or every question still goes to the database. */
  public boolean isLoaded() {
    return aggregates.isLoaded() && commands.isLoaded();
  }

  /**
   * Reads every id the replica holds into fresh filters, keeping what was added meanwhile. Takes
   * seconds at millions of events; the command path asks the database until it is done.
   */
  public void load(DataSource dataSource) throws SQLException {
    aggregates.load(dataSource, AGGREGATE_IDS);
    commands.load(dataSource, COMMAND_IDS);
  }

  /**
   * Forgets what the filters know and answers "maybe" until the next {@link #load}: after this node
   * takes a partition over, the replica may hold ids this node never saw (another node wrote them
   * into a shared database). Ids added from now on are kept; the caller adds what its own commits
   * still owe the replica.
   */
  public void invalidate() {
    aggregates.invalidate();
    commands.invalidate();
  }

  /**
   * One filter: the one that answers, and the one being loaded, which also takes every add. Adds
   * and the switch from one to the other exclude each other, so no add falls between them.
   */
  private static final class IdFilter {

    private record Filter(BloomFilter<CharSequence> bloom, long capacity) {}

    private final String name;
    private final Object loads = new Object();
    private volatile Filter answering;
    // Takes every add until a load makes it the answering one; the first exists from the start,
    // so nothing added before the first load is lost.
    private Filter loading = newFilter(MIN_CAPACITY);

    IdFilter(String name) {
      this.name = name;
    }

    private static Filter newFilter(long capacity) {
      return new Filter(
          BloomFilter.create(
              Funnels.stringFunnel(StandardCharsets.UTF_8), capacity, FALSE_POSITIVES),
          capacity);
    }

    synchronized void add(Collection<String> ids) {
      for (Filter filter : new Filter[] {answering, loading}) {
        if (filter != null) {
          for (String id : ids) {
            if (id != null) {
              filter.bloom().put(id);
            }
          }
        }
      }
    }

    boolean mayContain(String id) {
      Filter filter = answering;
      return filter == null || filter.bloom().mightContain(id);
    }

    boolean isLoaded() {
      return answering != null;
    }

    synchronized void invalidate() {
      Filter before = answering != null ? answering : loading;
      long known = before == null ? 0 : before.bloom().approximateElementCount();
      answering = null;
      loading = newFilter(Math.max(MIN_CAPACITY, 2 * known));
    }

    void load(DataSource dataSource, String query) throws SQLException {
      synchronized (loads) {
        long start = System.nanoTime();
        Filter fresh;
        synchronized (this) {
          if (answering != null) {
            return; // Loaded, and not invalidated since.
          }
          fresh = loading; // Takes every add since it was made; the scan adds what is stored.
        }
        long rows = scan(dataSource, query, fresh.bloom());
        synchronized (this) {
          if (loading != fresh) {
            return; // Invalidated during the scan: the next load starts over.
          }
          answering = fresh;
          loading = null;
        }
        log.info(
            "Loaded {} {} into memory in {} ms (capacity {})",
            rows,
            name,
            (System.nanoTime() - start) / 1_000_000,
            fresh.capacity());
      }
    }

    private static long scan(DataSource dataSource, String query, BloomFilter<CharSequence> into)
        throws SQLException {
      long rows = 0;
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction.
        try (PreparedStatement select = c.prepareStatement(query)) {
          select.setFetchSize(10_000);
          try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
              into.put(row.getString(1));
              rows++;
            }
          }
        } finally {
          c.rollback();
        }
      }
      return rows;
    }
  }
}
