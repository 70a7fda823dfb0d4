/**
 * What every projection shares: its schema, its processor with token and dead letters, and the set
 * of projections a node runs.
 */
package gg.suggestions.query.projection;
