/** Logging of failures a loop retries until they pass, without flooding the log. */
package gg.suggestions.eventstore.retry;
