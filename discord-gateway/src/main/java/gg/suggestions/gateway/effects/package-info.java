/**
 * The effects consumer: turns committed events into Discord messages, threads and DMs, and reports
 * the Discord ids it produces back as commands.
 */
package gg.suggestions.gateway.effects;
