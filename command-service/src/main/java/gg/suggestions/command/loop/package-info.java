/**
 * The command loop: partition ownership, one fenced transactional writer per partition, catch-up of
 * the local replica, and the transaction that carries a batch of commands' effects.
 */
package gg.suggestions.command.loop;
