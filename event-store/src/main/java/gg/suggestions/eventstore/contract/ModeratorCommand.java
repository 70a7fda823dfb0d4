package gg.suggestions.eventstore.contract;

/**
 * A command only a moderator of its guild may give. The command service checks this once, before
 * any handler runs, whatever route the command came by and whatever Discord's command permissions
 * said: a moderator holds Administrator or Manage Server in the permissions the command carries, or
 * one of the guild's staff roles.
 */
public interface ModeratorCommand {

  /** The guild whose moderators may give this command. */
  String guildId();
}
