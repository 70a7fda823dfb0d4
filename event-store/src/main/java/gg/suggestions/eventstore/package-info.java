/** The event store library: contracts, envelope codec, topics and the Kafka-backed Axon store. */
package gg.suggestions.eventstore;
