/** The HTTP query API over the projections, authenticated like the command endpoint. */
package gg.suggestions.query.api;
