package gg.suggestions.query.legacy;

import gg.suggestions.eventstore.limits.Limits;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Reads each collection's documents into {@link LegacyFacts}, as {@code ../shared/LEGACY-DATA.md}
 * describes them: never-removed fields trusted less than {@code state}, both keys of a guild in
 * locale tracking, ObjectId queue ids, naive times in the operator's zone. A document that can not
 * be read is skipped with a reason, never guessed at.
 */
public final class LegacyRecords {

  /** What one document became: its facts, or why it was skipped; and what was noted on the way. */
  public record Outcome(List<Object> facts, String skipped, Map<String, Long> notes) {

    static Outcome of(Object... facts) {
      return new Outcome(List.of(facts), null, Map.of());
    }

    static Outcome skip(String reason) {
      return new Outcome(List.of(), reason, Map.of());
    }

    Outcome noting(Map<String, Long> notes) {
      return new Outcome(facts, skipped, notes);
    }
  }

  /** Why a document is not imported: the report's words. */
  public static final String MALFORMED = "malformed";

  static final String DIAGNOSTICS = "diagnostics: counted, nothing imported";
  static final String UNUSED = "unused by the old bot";
  static final String NO_MATCHING_SETTING = "premium setting without a matching setting here";
  static final String EMPTY = "nothing to import";
  static final String HOURLY =
      "hourly totals per gateway cluster: no interaction to write (usage here counts this"
          + " platform's own)";

  private static final Pattern SID = Pattern.compile("[a-z0-9]{8}");
  private static final Set<String> STATES = Set.of("pending", "approved", "rejected", "cleared");
  private static final int MAX_TEXT = Limits.TEXT_MAX;

  private final ZoneId zone;

  /**
   * @param zone the zone of the old bot's host, in which its naive times are read
   */
  public LegacyRecords(ZoneId zone) {
    this.zone = zone;
  }

  /** How each collection's documents are read. */
  public Function<BsonDocument, Outcome> reader(String collection) {
    return switch (collection) {
      case "suggestions" -> guarded(this::suggestion);
      case "queued_suggestions" -> guarded(this::queued);
      case "guild_configs" -> guarded(this::guildConfig);
      case "user_configs" -> guarded(this::userConfig);
      case "locale_tracking" -> guarded(this::localeTracking);
      case "member_stats" -> guarded(this::memberStats);
      case "interaction_create_stats" -> guarded(this::interactionStats);
      case "premium_guild_configs" -> document -> Outcome.skip(NO_MATCHING_SETTING);
      case "error_tracking" -> document -> Outcome.skip(DIAGNOSTICS);
      default -> document -> Outcome.skip(UNUSED);
    };
  }

  /** Every collection of the old database, in the order an import reads them. */
  public static final List<String> COLLECTIONS =
      List.of(
          "guild_configs",
          "user_configs",
          "premium_guild_configs",
          "suggestions",
          "queued_suggestions",
          "locale_tracking",
          "member_stats",
          "interaction_create_stats",
          "error_tracking",
          "beta_links",
          "cluster_guild_counts",
          "cluster_shutdown_requests");

  /** The document's id as the report lists it. */
  public static String idOf(BsonDocument document) {
    BsonValue id = document.get("_id");
    if (id == null) {
      return "(no _id)";
    }
    return id.isObjectId() ? id.asObjectId().getValue().toHexString() : textOf(id, "(odd _id)");
  }

  /** A document with a field of the wrong kind is malformed, with the field named. */
  private static Function<BsonDocument, Outcome> guarded(Function<BsonDocument, Outcome> read) {
    return document -> {
      try {
        return read.apply(document);
      } catch (Malformed e) {
        return Outcome.skip(MALFORMED + ": " + e.getMessage());
      }
    };
  }

  private static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  private Outcome suggestion(BsonDocument d) {
    String id = sid(d.get("_id"), "_id");
    String state = text(d, "state", true);
    if (!STATES.contains(state)) {
      throw new Malformed("state is not pending, approved, rejected or cleared");
    }
    Set<String> up = ids(d, "up_voted_by");
    Set<String> down = ids(d, "down_voted_by");
    Set<String> both = new LinkedHashSet<>(up);
    both.retainAll(down);
    up.removeAll(both);
    down.removeAll(both);
    boolean buttons = bool(d, "uses_views_for_votes", true);
    long reactionUp = buttons ? 0 : count(d, "total_up_votes");
    long reactionDown = buttons ? 0 : count(d, "total_down_votes");
    boolean resolved = !state.equals("pending");
    Map<String, Long> notes = new TreeMap<>();
    String resolvedBy = resolved ? snowflake(d, "resolved_by", false) : null;
    String response =
        resolved
            ? withItsMember(
                limited(text(d, "resolution_note", false), "resolution_note"), resolvedBy, notes)
            : null;
    String noteBy = snowflake(d, "note_added_by", false);
    String note = withItsMember(limited(text(d, "note", false), "note"), noteBy, notes);
    var fact =
        new LegacyFacts.Suggestion(
            id,
            submission(d),
            state,
            resolvedBy,
            response,
            resolved ? nullableBool(d, "anonymous_resolution") : null,
            resolved ? time(d, "resolved_at", false) : null,
            note,
            noteBy,
            snowflake(d, "channel_id", false),
            snowflake(d, "message_id", false),
            snowflake(d, "thread_id", false),
            up,
            down,
            reactionUp,
            reactionDown);
    if (!both.isEmpty()) {
      notes.put("members in both vote lists: neither vote kept", (long) both.size());
    }
    if (!buttons && reactionUp + reactionDown > 0) {
      notes.put("reaction-era votes kept as counts only", reactionUp + reactionDown);
    }
    return Outcome.of(fact).noting(notes);
  }

  private Outcome queued(BsonDocument d) {
    BsonValue rawId = d.get("_id");
    String id =
        rawId != null && rawId.isObjectId()
            ? rawId.asObjectId().getValue().toHexString()
            : sid(rawId, "_id");
    boolean waiting = bool(d, "still_in_queue", true);
    String suggestion = waiting ? null : text(d, "related_suggestion_id", false);
    if (suggestion != null && !SID.matcher(suggestion).matches()) {
      throw new Malformed("related_suggestion_id is not an sID");
    }
    Map<String, Long> notes = new TreeMap<>();
    String resolvedBy = waiting ? null : snowflake(d, "resolved_by", false);
    String response =
        waiting
            ? null
            : withItsMember(
                limited(text(d, "resolution_note", false), "resolution_note"), resolvedBy, notes);
    var fact =
        new LegacyFacts.QueuedItem(
            id,
            submission(d),
            waiting,
            snowflake(d, "channel_id", false),
            snowflake(d, "message_id", false),
            resolvedBy,
            waiting ? null : time(d, "resolved_at", false),
            response,
            suggestion);
    if (rawId != null && rawId.isObjectId()) {
      notes.put("queue ids that are ObjectIds, kept as their hex text", 1L);
    }
    return Outcome.of(fact).noting(notes);
  }

  /** The fields a suggestion and a queued item share: what was submitted, by whom, when. */
  private LegacyFacts.Submission submission(BsonDocument d) {
    return new LegacyFacts.Submission(
        snowflake(d, "guild_id", true),
        snowflake(d, "suggestion_author_id", true),
        limited(text(d, "suggestion", true), "suggestion"),
        limited(text(d, "image_url", false), "image_url"),
        bool(d, "is_anonymous", false),
        time(d, "created_at", true));
  }

  private Outcome guildConfig(BsonDocument d) {
    var fact =
        new LegacyFacts.GuildConfig(
            snowflake(d.get("_id"), "_id"),
            bool(d, "keep_logs", false),
            bool(d, "dm_messages_disabled", false),
            snowflake(d, "log_channel_id", false),
            snowflake(d, "queued_channel_id", false),
            snowflake(d, "queued_log_channel_id", false),
            bool(d, "threads_for_suggestions", true),
            snowflake(d, "suggestions_channel_id", false),
            bool(d, "can_have_anonymous_suggestions", false),
            bool(d, "auto_archive_threads", false),
            bool(d, "uses_suggestion_queue", false),
            bool(d, "virtual_suggestion_queue", true),
            bool(d, "can_have_images_in_suggestions", true),
            bool(d, "anonymous_resolutions", false),
            List.copyOf(ids(d, "blocked_users")),
            bool(d, "ping_on_thread_creation", true));
    return Outcome.of(fact);
  }

  private Outcome userConfig(BsonDocument d) {
    return Outcome.of(
        new LegacyFacts.UserConfig(
            snowflake(d.get("_id"), "_id"),
            bool(d, "dm_messages_disabled", false),
            bool(d, "ping_on_thread_creation", true)));
  }

  private Outcome localeTracking(BsonDocument d) {
    BsonValue id = d.get("_id");
    if (id == null || !id.isObjectId()) {
      throw new Malformed("_id is not an ObjectId, whose time is the interaction's");
    }
    // Documents before late December 2025 name the guild guild_id; later ones by the dotted key.
    String guild =
        d.containsKey("interaction.guild.id")
            ? snowflake(d, "interaction.guild.id", false)
            : snowflake(d, "guild_id", false);
    return Outcome.of(
        new LegacyFacts.Interaction(
            guild,
            snowflake(d, "user_id", true),
            null,
            locale(text(d, "locale", true)),
            true,
            Instant.ofEpochSecond(id.asObjectId().getValue().getTimestamp())));
  }

  private Outcome memberStats(BsonDocument d) {
    String member = snowflake(d, "member_id", true);
    String guild = snowflake(d, "guild_id", false);
    BsonValue commands = d.get("commands");
    if (commands == null || commands.isNull()) {
      return Outcome.skip(EMPTY);
    }
    if (!commands.isDocument()) {
      throw new Malformed("commands is not a document");
    }
    List<Object> facts = new ArrayList<>();
    for (var command : commands.asDocument().entrySet()) {
      if (command.getKey().isBlank() || Limits.text("", command.getKey(), 64).isPresent()) {
        throw new Malformed("a command name is blank, long or odd");
      }
      if (!command.getValue().isDocument()) {
        throw new Malformed("commands." + command.getKey() + " is not a document");
      }
      BsonDocument times = command.getValue().asDocument();
      for (String kind : List.of("completed_at", "failed_at")) {
        BsonValue list = times.get(kind);
        if (list == null || list.isNull()) {
          continue;
        }
        if (!list.isArray()) {
          throw new Malformed("commands." + command.getKey() + "." + kind + " is not a list");
        }
        for (BsonValue at : list.asArray()) {
          if (!at.isDateTime()) {
            throw new Malformed("commands." + command.getKey() + "." + kind + " holds no time");
          }
          facts.add(
              new LegacyFacts.Interaction(
                  guild, member, command.getKey(), null, kind.equals("completed_at"), naive(at)));
        }
      }
    }
    return facts.isEmpty() ? Outcome.skip(EMPTY) : new Outcome(facts, null, Map.of());
  }

  /** Read to find malformed ones; skipped: totals per gateway cluster, not interactions. */
  private Outcome interactionStats(BsonDocument d) {
    count(d, "count");
    time(d, "inserted_at", true);
    text(d, "cluster", false);
    return Outcome.skip(HOURLY);
  }

  /** A text the log can hold: not blank, within the platform's length and character rules. */
  private static String limited(String text, String field) {
    if (text == null) {
      return null;
    }
    if (text.isBlank() || Limits.text(field, text, MAX_TEXT).isPresent()) {
      throw new Malformed(
          field + " is blank, longer than " + MAX_TEXT + " or holds a control character");
    }
    return text;
  }

  /**
   * A moderator's text is theirs: sealed with their key on the log. One whose moderator the old bot
   * did not record can not be kept, and is noted.
   */
  private static String withItsMember(String text, String memberId, Map<String, Long> notes) {
    if (text != null && memberId == null) {
      notes.merge("a note or response without its moderator: not kept", 1L, Long::sum);
      return null;
    }
    return text;
  }

  private static String locale(String locale) {
    if (Limits.locale("locale", locale).isPresent()) {
      throw new Malformed("locale is not a locale like en-GB");
    }
    return locale;
  }

  private static String sid(BsonValue value, String field) {
    if (value == null || !value.isString() || !SID.matcher(value.asString().getValue()).matches()) {
      throw new Malformed(field + " is not an 8-character id of a-z and 0-9");
    }
    return value.asString().getValue();
  }

  /** The field's value; null if it is missing or null and not required. */
  private static BsonValue present(BsonDocument d, String field, boolean required) {
    BsonValue value = d.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new Malformed(field + " is missing");
      }
      return null;
    }
    return value;
  }

  private static String snowflake(BsonDocument d, String field, boolean required) {
    BsonValue value = present(d, field, required);
    return value == null ? null : snowflake(value, field);
  }

  /** A Discord id: a positive 64-bit integer, stored as a number or as its digits. */
  private static String snowflake(BsonValue value, String field) {
    long id;
    if (value == null) {
      throw new Malformed(field + " is missing");
    } else if (value.isInt64()) {
      id = value.asInt64().getValue();
    } else if (value.isInt32()) {
      id = value.asInt32().getValue();
    } else if (value.isString() && value.asString().getValue().matches("[0-9]{1,19}")) {
      try {
        id = Long.parseLong(value.asString().getValue());
      } catch (NumberFormatException e) {
        throw new Malformed(field + " is not a Discord id");
      }
    } else {
      throw new Malformed(field + " is not a Discord id");
    }
    if (id <= 0) {
      throw new Malformed(field + " is not a Discord id");
    }
    return Long.toString(id);
  }

  private static Set<String> ids(BsonDocument d, String field) {
    BsonValue value = d.get(field);
    Set<String> ids = new LinkedHashSet<>();
    if (value == null || value.isNull()) {
      return ids;
    }
    if (!value.isArray()) {
      throw new Malformed(field + " is not a list");
    }
    for (BsonValue element : value.asArray()) {
      ids.add(snowflake(element, field));
    }
    return ids;
  }

  private static String text(BsonDocument d, String field, boolean required) {
    BsonValue value = present(d, field, required);
    if (value == null) {
      return null;
    }
    if (!value.isString()) {
      throw new Malformed(field + " is not text");
    }
    return value.asString().getValue();
  }

  private static String textOf(BsonValue value, String otherwise) {
    if (value.isString()) {
      return value.asString().getValue();
    }
    if (value.isInt64() || value.isInt32()) {
      return Long.toString(
          value.isInt64() ? value.asInt64().getValue() : value.asInt32().getValue());
    }
    return otherwise;
  }

  private static boolean bool(BsonDocument d, String field, boolean otherwise) {
    Boolean value = nullableBool(d, field);
    return value == null ? otherwise : value;
  }

  private static Boolean nullableBool(BsonDocument d, String field) {
    BsonValue value = d.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      throw new Malformed(field + " is not true or false");
    }
    return value.asBoolean().getValue();
  }

  /** A count; the old bot stored 0 for "unset", which reads as 0 too. */
  private static long count(BsonDocument d, String field) {
    BsonValue value = d.get(field);
    if (value == null || value.isNull()) {
      return 0;
    }
    long count;
    if (value.isInt32()) {
      count = value.asInt32().getValue();
    } else if (value.isInt64()) {
      count = value.asInt64().getValue();
    } else {
      throw new Malformed(field + " is not a whole number");
    }
    if (count < 0) {
      throw new Malformed(field + " is negative");
    }
    return count;
  }

  private Instant time(BsonDocument d, String field, boolean required) {
    BsonValue value = present(d, field, required);
    if (value == null) {
      return null;
    }
    if (!value.isDateTime()) {
      throw new Malformed(field + " is not a time");
    }
    return naive(value);
  }

  /**
   * The old bot stored its host's naive local time as if it were UTC: the wall-clock reading is
   * taken back out and placed in the operator's zone.
   */
  private Instant naive(BsonValue value) {
    LocalDateTime wall =
        LocalDateTime.ofInstant(
            Instant.ofEpochMilli(value.asDateTime().getValue()), ZoneOffset.UTC);
    return wall.atZone(zone).toInstant();
  }
}
