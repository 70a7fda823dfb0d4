package gg.suggestions.gateway.jda;

import gg.suggestions.gateway.effects.DiscordActions;
import gg.suggestions.gateway.effects.MessageView;
import gg.suggestions.gateway.effects.SuggestionMessages.Author;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.attribute.IThreadContainer;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.sharding.ShardManager;

/**
 * The effects' Discord actions on JDA. Each call blocks until Discord answered; JDA queues requests
 * per rate-limit bucket and waits out a 429's {@code retry_after} itself. A 4xx refusal becomes a
 * {@link PermanentFailure}; anything else (5xx, a timeout) stays transient for the consumer to
 * retry.
 */
final class JdaDiscord implements DiscordActions {

  private final ShardManager shards;

  private static final Duration AUTHOR_TTL = Duration.ofHours(1);
  private static final int AUTHORS_KEPT = 10_000;

  private record Known(Author author, Instant at) {}

  /** Authors looked up recently, the least recently used dropped first. */
  private final Map<String, Known> authors =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
              return size() > AUTHORS_KEPT;
            }
          });

  /** Threads this process started, for threads Discord has not told the cache about yet. */
  private final Map<String, ThreadChannel> startedThreads = new ConcurrentHashMap<>();

  JdaDiscord(ShardManager shards) {
    this.shards = shards;
  }

  @Override
  public String post(String channelId, MessageView view, String nonce) {
    return call(
        () ->
            channel(channelId)
                .sendMessage(JdaMessages.create(view))
                .setNonce(nonce)
                .complete()
                .getId());
  }

  @Override
  public void edit(String channelId, String messageId, MessageView view) {
    call(() -> channel(channelId).editMessageById(messageId, JdaMessages.edit(view)).complete());
  }

  @Override
  public void delete(String channelId, String messageId) {
    try {
      call(() -> channel(channelId).deleteMessageById(messageId).complete());
    } catch (PermanentFailure failure) {
      if (!(failure.getCause() instanceof ErrorResponseException e
          && e.getErrorResponse() == ErrorResponse.UNKNOWN_MESSAGE)) {
        throw failure;
      }
    }
  }

  @Override
  public String startThread(String channelId, String messageId, String name) {
    GuildMessageChannel channel = channel(channelId);
    if (!(channel instanceof IThreadContainer container)) {
      throw new PermanentFailure("Channel " + channelId + " cannot hold threads", null);
    }
    try {
      ThreadChannel thread = call(() -> container.createThreadChannel(name, messageId).complete());
      startedThreads.put(thread.getId(), thread);
      return thread.getId();
    } catch (PermanentFailure failure) {
      // A thread started from a message has the message's id.
      if (failure.getCause() instanceof ErrorResponseException e
          && e.getErrorResponse() == ErrorResponse.THREAD_WITH_THIS_MESSAGE_ALREADY_EXISTS) {
        return messageId;
      }
      throw failure;
    }
  }

  @Override
  public void archive(String threadId) {
    ThreadChannel thread = shards.getThreadChannelById(threadId);
    if (thread == null) {
      thread = startedThreads.get(threadId);
    }
    if (thread == null) {
      throw new PermanentFailure("Thread " + threadId + " is not known to the bot", null);
    }
    ThreadChannel known = thread;
    call(() -> known.getManager().setLocked(true).setArchived(true).complete());
    startedThreads.remove(threadId);
  }

  @Override
  public void directMessage(String userId, MessageView view, String nonce) {
    call(
        () ->
            shards
                .getShards()
                .get(0)
                .openPrivateChannelById(userId)
                .complete()
                .sendMessage(JdaMessages.create(view))
                .setNonce(nonce)
                .complete());
  }

  /**
   * Every render of a message needs its author, and a coalesced vote edit renders again: names are
   * looked up once per hour per user, not once per edit (a REST call each, in the rate limit).
   */
  @Override
  public Author author(String userId) {
    Known known = authors.get(userId);
    if (known != null && known.at().plus(AUTHOR_TTL).isAfter(Instant.now())) {
      return known.author();
    }
    try {
      User user = shards.retrieveUserById(userId).complete();
      Author author = new Author(user.getEffectiveName(), user.getEffectiveAvatarUrl());
      authors.put(userId, new Known(author, Instant.now()));
      return author;
    } catch (RuntimeException unknown) {
      return known == null ? null : known.author();
    }
  }

  @Override
  public String guildName(String guildId) {
    Guild guild = shards.getGuildById(guildId);
    return guild == null ? guildId : guild.getName();
  }

  private GuildMessageChannel channel(String channelId) {
    GuildMessageChannel channel = shards.getChannelById(GuildMessageChannel.class, channelId);
    if (channel == null) {
      ThreadChannel thread = startedThreads.get(channelId);
      if (thread != null) {
        return thread;
      }
      throw new PermanentFailure("Channel " + channelId + " is not visible to the bot", null);
    }
    return channel;
  }

  private static <T> T call(Supplier<T> action) {
    try {
      return action.get();
    } catch (ErrorResponseException e) {
      if (e.isServerError()) {
        throw e;
      }
      throw new PermanentFailure(e.getMeaning(), e);
    }
  }

  private static void call(Runnable action) {
    call(
        () -> {
          action.run();
          return null;
        });
  }
}
