/** The query API as the gateway reads it: suggestions, queue items, settings and autocomplete. */
package gg.suggestions.gateway.read;
