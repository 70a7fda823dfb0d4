/** Member command statistics: per guild, member and command, succeeded and failed. */
package gg.suggestions.query.projection.memberstats;
