/**
 * The platform's commands and events: plain records, one per file, grouped by aggregate. A record's
 * simple name is its logical type on the log. Contracts never refuse to construct, so an old event
 * always reads; validation happens at the boundary and decisions in the aggregate.
 */
package gg.suggestions.eventstore.contract;
