/** What a command handler decides: accepted, or refused with an error code and no events. */
package gg.suggestions.command.outcome;
