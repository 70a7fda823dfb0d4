/** Usage: interactions per hour, and suggestions per guild and day by outcome. */
package gg.suggestions.query.projection.usage;
