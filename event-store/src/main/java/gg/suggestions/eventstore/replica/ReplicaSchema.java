package gg.suggestions.eventstore.replica;

import gg.suggestions.eventstore.privacy.Sealing;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.upcast.EventUpcasters;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;

/** Where and how Axon's JDBC engine reads the replica: schema {@code cmd}, snake_case columns. */
public final class ReplicaSchema {

  private ReplicaSchema() {}

  public static EventSchema eventSchema() {
    return EventSchema.builder()
        .eventTable(ReplicaStore.SCHEMA + ".domain_event_entry")
        .snapshotTable(ReplicaStore.SCHEMA + ".snapshot_event_entry")
        .globalIndexColumn("global_index")
        .eventIdentifierColumn("event_identifier")
        .metaDataColumn("meta_data")
        .payloadColumn("payload")
        .payloadRevisionColumn("payload_revision")
        .payloadTypeColumn("payload_type")
        .timestampColumn("time_stamp")
        .aggregateIdentifierColumn("aggregate_identifier")
        .sequenceNumberColumn("sequence_number")
        .typeColumn("type")
        .build();
  }

  /** Axon's own JDBC engine over the replica: aggregate reads and snapshots. */
  public static JdbcEventStorageEngine jdbcEngine(DataSource dataSource, Serializer serializer) {
    return jdbcEngine(dataSource, serializer, SnapshotFilter.allowAll());
  }

  /**
   * Axon's own JDBC engine over the replica, whose snapshots pass {@code snapshots}: typically a
   * {@code RevisionSnapshotFilter} per aggregate, so a snapshot of an older aggregate format is
   * ignored. The events it loads have their personal fields opened ({@link Sealing#process()}); the
   * replica's rows stay sealed.
   */
  public static JdbcEventStorageEngine jdbcEngine(
      DataSource dataSource, Serializer serializer, SnapshotFilter snapshots) {
    return JdbcEventStorageEngine.builder()
        .connectionProvider(new DataSourceConnectionProvider(dataSource))
        .transactionManager(NoTransactionManager.INSTANCE)
        .eventSerializer(serializer)
        .snapshotSerializer(EventSerialization.snapshotSerializer())
        .snapshotFilter(snapshots)
        // Opened first: a sealed field is bound to its name in the version it was written in.
        .upcasterChain(new EventUpcasterChain(Sealing.processOpener(), EventUpcasters.chain()))
        .schema(eventSchema())
        .build();
  }
}
