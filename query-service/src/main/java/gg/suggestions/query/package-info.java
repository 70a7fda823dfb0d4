/** Projections in PostgreSQL, the HTTP query API and the suggestionsctl operator CLI. */
package gg.suggestions.query;
