/** Suggestions: submission, votes, resolution, clearing and notes. */
package gg.suggestions.command.suggestion;
