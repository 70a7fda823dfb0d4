/** The user configs read model: each member's global DM and thread-ping settings. */
package gg.suggestions.query.projection.userconfig;
