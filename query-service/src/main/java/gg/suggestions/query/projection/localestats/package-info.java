/** Locale statistics: interactions per day, guild, locale, command and outcome. */
package gg.suggestions.query.projection.localestats;
