/**
 * The self-describing JSON envelope of every record on the event topic, its codec, and the
 * deterministic event ids that make a retried command produce the same events.
 */
package gg.suggestions.eventstore.envelope;
