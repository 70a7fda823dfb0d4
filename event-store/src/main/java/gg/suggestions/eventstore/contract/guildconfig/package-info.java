/** Commands and events of a guild's configuration (FEATURES.md, "Guild configuration"). */
package gg.suggestions.eventstore.contract.guildconfig;
