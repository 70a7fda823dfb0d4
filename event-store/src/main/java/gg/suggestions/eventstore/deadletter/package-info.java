/**
 * Records of the log that a reader could not store or apply, kept so that nothing about them can
 * fail again: raw bytes, where they are in the log, and sanitised, truncated text.
 */
package gg.suggestions.eventstore.deadletter;
