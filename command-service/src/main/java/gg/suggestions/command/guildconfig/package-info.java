/** A guild's configuration: settings, staff roles, locale override and the suggestion limit. */
package gg.suggestions.command.guildconfig;
