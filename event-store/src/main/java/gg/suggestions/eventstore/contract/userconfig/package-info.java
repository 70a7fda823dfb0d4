/** A member's own settings, global across guilds: DMs from the bot and thread pings. */
package gg.suggestions.eventstore.contract.userconfig;
