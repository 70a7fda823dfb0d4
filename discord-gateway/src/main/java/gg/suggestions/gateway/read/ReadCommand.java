package gg.suggestions.gateway.read;

import gg.suggestions.gateway.command.SlashCommand;
import gg.suggestions.gateway.command.SlashRequest;
import gg.suggestions.gateway.effects.MessageView;
import java.util.function.Supplier;

/**
 * A slash command that only shows something: answered from the query API (and the bot's own
 * status), with no command sent. One class per group of commands; the router calls {@link #answer}
 * off Discord's event thread.
 */
public interface ReadCommand extends SlashCommand {

  /**
   * The ephemeral answer.
   *
   * @throws gg.suggestions.gateway.command.InvalidInput if the request cannot be answered
   * @throws QueryApi.Unavailable if the query API could not answer
   */
  MessageView answer(SlashRequest request, Sources sources);

  /** Where answers come from: the query API and the running bot. */
  record Sources(QueryApi query, Supplier<BotStatus> bot) {}

  /**
   * The running bot as {@code /ping} and {@code /stats} show it.
   *
   * @param gatewayPing the gateway heartbeat's round trip, in milliseconds
   * @param restPing one REST call's round trip, in milliseconds
   * @param eventsInLog records in the event topic
   */
  record BotStatus(
      String version,
      long guilds,
      int shards,
      java.time.Duration uptime,
      long gatewayPing,
      long restPing,
      long eventsInLog) {}
}
