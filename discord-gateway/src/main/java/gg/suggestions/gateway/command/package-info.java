/** Slash commands: one class each, turning a captured request into the command it sends. */
package gg.suggestions.gateway.command;
