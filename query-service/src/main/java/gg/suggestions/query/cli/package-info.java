/** {@code suggestionsctl}: the operators' command line for rebuild, verify, status and events. */
package gg.suggestions.query.cli;
