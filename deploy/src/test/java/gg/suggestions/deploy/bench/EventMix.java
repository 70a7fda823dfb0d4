package gg.suggestions.deploy.bench;

import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannelSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.contract.guildconfig.SubmissionAdmitted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionCleared;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import gg.suggestions.eventstore.contract.suggestion.SuggestionMessagePosted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionNoteAdded;
import gg.suggestions.eventstore.contract.suggestion.SuggestionRejected;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionThreadCreated;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.contract.suggestion.VoteSwitched;
import gg.suggestions.eventstore.contract.suggestion.VoteWithdrawn;
import gg.suggestions.eventstore.contract.userconfig.DirectMessagesSet;
import gg.suggestions.eventstore.contract.userconfig.UserKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A plausible event log, mostly votes: guilds configure themselves, members submit (about one event
 * in 25 is a new suggestion with its admission, message and thread), vote, switch and withdraw on
 * pending suggestions (about 85 %), and moderators note, resolve and clear. Every aggregate's
 * sequences run 0, 1, 2, ... as the command side would write them. Deterministic for a seed.
 */
final class EventMix {

  /** One event as the command side would append it. */
  record Event(
      String guildId, String aggregateType, String aggregateId, long sequence, Object payload) {}

  private static final int MEMBERS = 50_000;

  private final SplittableRandom random;
  private final int guilds;
  private final Map<String, Long> sequences = new HashMap<>();
  private final List<List<String>> pending = new ArrayList<>();
  private final Map<String, Map<String, VoteDirection>> votes = new HashMap<>();
  private int nextSuggestion;
  private Instant clock = Instant.parse("2026-01-01T00:00:00Z");

  EventMix(long seed, int guilds) {
    this.random = new SplittableRandom(seed);
    this.guilds = guilds;
    for (int g = 0; g < guilds; g++) {
      pending.add(new ArrayList<>());
    }
  }

  /** Emits {@code count} events (give or take the few of the last step) to {@code sink}. */
  void emit(long count, Consumer<Event> sink) {
    long[] emitted = {0};
    Consumer<Event> counting =
        event -> {
          emitted[0]++;
          sink.accept(event);
        };
    for (int g = 0; g < guilds; g++) {
      String guild = guild(g);
      counting.accept(
          guildEvent(guild, new GuildChannelSet(guild, GuildChannel.SUGGESTIONS, channel(g))));
      counting.accept(guildEvent(guild, new GuildToggleSet(guild, GuildToggle.KEEP_LOGS, true)));
    }
    while (emitted[0] < count) {
      step(counting);
    }
  }

  private void step(Consumer<Event> sink) {
    clock = clock.plusMillis(200);
    int g = random.nextInt(guilds);
    String guild = guild(g);
    List<String> open = pending.get(g);
    int roll = random.nextInt(1000);
    if (open.isEmpty() || roll < 40) {
      submit(g, guild, sink);
    } else if (roll < 890) {
      vote(guild, open.get(random.nextInt(open.size())), sink);
    } else if (roll < 910) {
      String sid = open.get(random.nextInt(open.size()));
      sink.accept(
          suggestionEvent(guild, sid, new SuggestionNoteAdded(guild, sid, member(), "Planned")));
    } else if (roll < 990) {
      String sid = open.remove(random.nextInt(open.size()));
      Object resolution =
          roll < 950
              ? new SuggestionApproved(guild, sid, member(), "Thanks!")
              : new SuggestionRejected(guild, sid, member(), null);
      sink.accept(suggestionEvent(guild, sid, resolution));
    } else if (roll < 995) {
      String sid = open.remove(random.nextInt(open.size()));
      sink.accept(suggestionEvent(guild, sid, new SuggestionCleared(guild, sid, member(), null)));
    } else {
      String user = member();
      sink.accept(
          new Event(
              null,
              "UserConfig",
              UserKey.of(user),
              next(UserKey.of(user)),
              new DirectMessagesSet(user, random.nextBoolean())));
    }
  }

  private void submit(int g, String guild, Consumer<Event> sink) {
    String sid = String.format("%08d", nextSuggestion++);
    String author = member();
    sink.accept(guildEvent(guild, new SubmissionAdmitted(guild, author, sid, clock)));
    sink.accept(
        suggestionEvent(
            guild,
            sid,
            new SuggestionSubmitted(guild, sid, author, "Idea number " + sid, null, false)));
    sink.accept(
        suggestionEvent(
            guild, sid, new SuggestionMessagePosted(guild, sid, channel(g), snowflake())));
    sink.accept(suggestionEvent(guild, sid, new SuggestionThreadCreated(guild, sid, snowflake())));
    pending.get(g).add(sid);
  }

  private void vote(String guild, String sid, Consumer<Event> sink) {
    Map<String, VoteDirection> voters =
        votes.computeIfAbsent(SuggestionKey.of(guild, sid), k -> new HashMap<>());
    String voter = member();
    VoteDirection pressed = random.nextInt(4) == 0 ? VoteDirection.DOWN : VoteDirection.UP;
    VoteDirection before = voters.get(voter);
    Object event;
    if (before == null) {
      voters.put(voter, pressed);
      event = new VoteCast(guild, sid, voter, pressed);
    } else if (before == pressed) {
      voters.remove(voter);
      event = new VoteWithdrawn(guild, sid, voter);
    } else {
      voters.put(voter, pressed);
      event = new VoteSwitched(guild, sid, voter, pressed);
    }
    sink.accept(suggestionEvent(guild, sid, event));
  }

  private Event guildEvent(String guild, Object payload) {
    return new Event(guild, "GuildConfig", guild, next(guild), payload);
  }

  private Event suggestionEvent(String guild, String sid, Object payload) {
    String key = SuggestionKey.of(guild, sid);
    return new Event(guild, "Suggestion", key, next(key), payload);
  }

  private long next(String aggregateId) {
    return sequences.merge(aggregateId, 0L, (last, zero) -> last + 1);
  }

  Instant clock() {
    return clock;
  }

  static String guild(int g) {
    return String.valueOf(600_000_000_000_000_000L + g);
  }

  private static String channel(int g) {
    return String.valueOf(700_000_000_000_000_000L + g);
  }

  private String member() {
    return String.valueOf(900_000_000_000_000_000L + random.nextInt(MEMBERS));
  }

  private String snowflake() {
    return String.valueOf(1_100_000_000_000_000_000L + random.nextInt(Integer.MAX_VALUE));
  }
}
