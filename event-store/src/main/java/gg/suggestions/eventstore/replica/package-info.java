/**
 * The command side's local replica of the event log in PostgreSQL schema {@code cmd}: what
 * aggregates load from, kept equal to the log by writing after each Kafka commit and by catching up
 * from the log whenever that write did not happen.
 */
package gg.suggestions.eventstore.replica;
