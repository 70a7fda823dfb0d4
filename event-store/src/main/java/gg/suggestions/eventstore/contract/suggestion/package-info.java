/** The commands and events of one suggestion: submission, votes, resolution, clearing, notes. */
package gg.suggestions.eventstore.contract.suggestion;
