/**
 * Everything that touches JDA: the bot's shards, the router, registration and the effects' adapter.
 */
package gg.suggestions.gateway.jda;
