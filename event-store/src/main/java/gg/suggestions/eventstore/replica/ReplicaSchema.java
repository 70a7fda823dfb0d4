package gg.suggestions.eventstore.replica;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

/** Where Axon's JDBC engine finds the replica: schema {@code cmd}, snake_case columns. */
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
}
