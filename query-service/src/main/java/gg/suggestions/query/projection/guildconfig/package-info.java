/** The guild configs read model: every setting with its default, staff roles, limit, blocklist. */
package gg.suggestions.query.projection.guildconfig;
