/**
 * Reading the event log as an Axon message stream: the tracking token that records, for every
 * partition of the event topic, the next offset to read.
 */
package gg.suggestions.eventstore.log;
