/**
 * Aggregates, the command loop with one fenced writer per partition, and the HTTP command endpoint.
 */
package gg.suggestions.command;
