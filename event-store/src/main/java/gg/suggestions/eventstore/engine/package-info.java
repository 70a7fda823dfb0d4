/**
 * Axon's event storage over Kafka: appends go into the owning partition's open Kafka transaction
 * after an expected-sequence check; aggregates load from the local replica plus the events the open
 * batch appended earlier.
 */
package gg.suggestions.eventstore.engine;
