/** The suggestions read model: state, vote counts and vote sets, note, resolution, Discord ids. */
package gg.suggestions.query.projection.suggestions;
