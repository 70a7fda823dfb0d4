/** A member's own settings, kept under {@code user:<id>}. */
package gg.suggestions.command.userconfig;
