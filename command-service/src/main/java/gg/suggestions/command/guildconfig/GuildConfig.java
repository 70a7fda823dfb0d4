package gg.suggestions.command.guildconfig;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannelSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildLocaleSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.contract.guildconfig.MemberBlocked;
import gg.suggestions.eventstore.contract.guildconfig.MemberUnblocked;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildLocale;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.SetStaffRoles;
import gg.suggestions.eventstore.contract.guildconfig.SetSuggestionLimit;
import gg.suggestions.eventstore.contract.guildconfig.StaffRolesSet;
import gg.suggestions.eventstore.contract.guildconfig.SubmissionAdmitted;
import gg.suggestions.eventstore.contract.guildconfig.SuggestionLimitSet;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyGuild;
import gg.suggestions.eventstore.contract.legacy.LegacyGuildImported;
import gg.suggestions.eventstore.contract.legacy.LegacyImports;
import gg.suggestions.eventstore.contract.suggestion.QueueMode;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.Repository;
import org.axonframework.serialization.Revision;

/**
 * One guild's configuration. Every command is a moderator action, authorised before it reaches this
 * aggregate by {@link ModeratorsOnly}; the first accepted command creates the aggregate, and a
 * refused one leaves no trace.
 */
@Revision("1") // The snapshot format: raise it when a field changes meaning or type.
public class GuildConfig {

  /** Metadata key of the {@link Actor} on every command message. */
  public static final String ACTOR = "actor";

  static final Set<String> SUPPORTED_LOCALES =
      Set.of("en-GB", "en-US", "da", "de", "es-ES", "fr", "pt-BR", "tr");
  static final int MAX_STAFF_ROLES = 25;
  static final int MAX_SUGGESTIONS_PER_PERIOD = 100;
  static final Duration MAX_LIMIT_PERIOD = Duration.ofDays(1);

  @AggregateIdentifier private String guildId;
  private Set<String> staffRoleIds = Set.of();
  private final Map<GuildChannel, String> channels = new EnumMap<>(GuildChannel.class);
  private final Map<GuildToggle, Boolean> toggles = new EnumMap<>(GuildToggle.class);
  private final Set<String> blockedUserIds = new HashSet<>();
  private Cooldown cooldown = Cooldown.DEFAULT;
  private final Map<String, List<Instant>> admissions = new HashMap<>();
  private boolean legacyImported;

  protected GuildConfig() {
    // For Axon.
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  Outcome handle(SetGuildToggle command) {
    apply(new GuildToggleSet(command.guildId(), command.toggle(), command.enabled()));
    return Outcome.accepted();
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  Outcome handle(SetGuildChannel command) {
    if (command.channel() == null) {
      return invalid("Name the channel setting to change.");
    }
    if (command.channelId() != null && !isSnowflake(command.channelId())) {
      return invalid("'" + command.channelId() + "' is not a Discord channel id.");
    }
    apply(new GuildChannelSet(command.guildId(), command.channel(), command.channelId()));
    return Outcome.accepted();
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  Outcome handle(SetStaffRoles command) {
    List<String> roles = command.roleIds() == null ? List.of() : command.roleIds();
    if (roles.size() > MAX_STAFF_ROLES || !roles.stream().allMatch(GuildConfig::isSnowflake)) {
      return invalid("Give at most " + MAX_STAFF_ROLES + " Discord role ids.");
    }
    apply(new StaffRolesSet(command.guildId(), List.copyOf(roles)));
    return Outcome.accepted();
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  Outcome handle(SetGuildLocale command) {
    if (command.locale() != null && !SUPPORTED_LOCALES.contains(command.locale())) {
      return invalid(
          "Supported locales: "
              + String.join(", ", SUPPORTED_LOCALES.stream().sorted().toList())
              + ".");
    }
    apply(new GuildLocaleSet(command.guildId(), command.locale()));
    return Outcome.accepted();
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  Outcome handle(SetSuggestionLimit command) {
    if (!isSensibleLimit(command.amount(), command.period())) {
      return invalid(
          "Allow 1 to "
              + MAX_SUGGESTIONS_PER_PERIOD
              + " suggestions per period of 1 second to 1 day.");
    }
    apply(new SuggestionLimitSet(command.guildId(), command.amount(), command.period()));
    return Outcome.accepted();
  }

  /** A guild nobody configured yet, for a repository to create: the first event names it. */
  public static GuildConfig unconfigured() {
    return new GuildConfig();
  }

  /**
   * Opens the guild for the old bot's data, with the old bot's settings, once; refused when the
   * guild has history here and the operator did not ask to merge (then the guild's own settings
   * stay). Opened before, it only blocks members the old blocklist names who are not blocked yet.
   * Called by the import's handler once it has authorised the operator.
   *
   * @return the reply's result: {@code settings}, {@code merged} or {@code present}; or a refusal
   */
  public Outcome openForImport(ImportLegacyGuild command, Actor operator) {
    List<String> blocked = command.blockedUserIds() == null ? List.of() : command.blockedUserIds();
    if (!blocked.stream().allMatch(GuildConfig::isSnowflake)) {
      return invalid("Blocked members are Discord user ids.");
    }
    boolean fresh = guildId == null;
    String opened = "present";
    if (!legacyImported) {
      if (!fresh && !command.merge()) {
        return Outcome.refused(
            ErrorCode.INVALID_COMMAND,
            "The guild already has history here; import it with --merge to keep its own"
                + " settings and add the old bot's data beside them.");
      }
      apply(new LegacyGuildImported(command.guildId(), !fresh));
      if (fresh) {
        applyImportedSettings(command);
      }
      opened = fresh ? "settings" : "merged";
    }
    for (String userId : blocked) {
      if (!blockedUserIds.contains(userId)) {
        apply(new MemberBlocked(command.guildId(), userId, operator.userId()));
      }
    }
    return Outcome.accepted(Map.of(LegacyImports.GUILD, opened));
  }

  /** The old bot's channels and the toggles that differ from this platform's defaults. */
  private void applyImportedSettings(ImportLegacyGuild command) {
    if (command.channels() != null) {
      command
          .channels()
          .forEach(
              (channel, id) -> {
                if (channel != null && isSnowflake(id)) {
                  apply(new GuildChannelSet(command.guildId(), channel, id));
                }
              });
    }
    if (command.toggles() != null) {
      command
          .toggles()
          .forEach(
              (toggle, on) -> {
                if (toggle != null && on != null && on != toggle.defaultValue()) {
                  apply(new GuildToggleSet(command.guildId(), toggle, on));
                }
              });
    }
  }

  @EventSourcingHandler
  void on(LegacyGuildImported event) {
    guildId = event.guildId();
    legacyImported = true;
  }

  @EventSourcingHandler
  void on(GuildToggleSet event) {
    guildId = event.guildId();
    toggles.put(event.toggle(), event.enabled());
  }

  @EventSourcingHandler
  void on(GuildChannelSet event) {
    guildId = event.guildId();
    if (event.channelId() == null) {
      channels.remove(event.channel());
    } else {
      channels.put(event.channel(), event.channelId());
    }
  }

  @EventSourcingHandler
  void on(StaffRolesSet event) {
    guildId = event.guildId();
    staffRoleIds = Set.copyOf(event.roleIds());
  }

  /** Called by {@link Blocklist} once it knows which member is meant. */
  Outcome block(String guild, String userId, String moderatorId) {
    if (blockedUserIds.contains(userId)) {
      return Outcome.refused(ErrorCode.ALREADY_BLOCKED, null);
    }
    apply(new MemberBlocked(guild, userId, moderatorId));
    return Outcome.accepted();
  }

  /** Called by {@link Blocklist} once it knows which member is meant. */
  Outcome unblock(String guild, String userId, String moderatorId) {
    if (!blockedUserIds.contains(userId)) {
      return Outcome.refused(ErrorCode.NOT_BLOCKED, null);
    }
    apply(new MemberUnblocked(guild, userId, moderatorId));
    return Outcome.accepted();
  }

  @EventSourcingHandler
  void on(MemberBlocked event) {
    guildId = event.guildId();
    blockedUserIds.add(event.userId());
  }

  @EventSourcingHandler
  void on(MemberUnblocked event) {
    blockedUserIds.remove(event.userId());
  }

  @EventSourcingHandler
  void on(GuildLocaleSet event) {
    guildId = event.guildId();
  }

  /**
   * Admits a member's submission under the guild's suggestion limit, or says how long to wait.
   * Called by the submission handler once everything else about the submission is right.
   */
  public Outcome admit(String authorId, String suggestionId, Instant at) {
    var wait = cooldown.waitAt(at, admissions.getOrDefault(authorId, List.of()));
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      return Outcome.refused(
          ErrorCode.ON_COOLDOWN,
          "Try again in " + seconds + (seconds == 1 ? " second." : " seconds."),
          Map.of(ReplyEnvelope.RETRY_AFTER_SECONDS, Long.toString(seconds)));
    }
    apply(new SubmissionAdmitted(guildId, authorId, suggestionId, at));
    return Outcome.accepted();
  }

  @EventSourcingHandler
  void on(SubmissionAdmitted event) {
    // Only admissions inside the longest possible period can ever count again.
    Instant horizon = event.at().minus(MAX_LIMIT_PERIOD);
    admissions.values().forEach(times -> times.removeIf(at -> at.isBefore(horizon)));
    admissions.values().removeIf(List::isEmpty);
    admissions.computeIfAbsent(event.authorId(), id -> new ArrayList<>()).add(event.at());
  }

  @EventSourcingHandler
  void on(SuggestionLimitSet event) {
    guildId = event.guildId();
    cooldown = new Cooldown(event.amount(), event.period());
  }

  /**
   * What {@code query} answers of a guild's config, or {@code whenUnconfigured} for a guild nobody
   * has configured yet. Within one command the config is loaded once and shared (Axon keeps it in
   * the unit of work).
   */
  public static <R> R read(
      Repository<GuildConfig> configs,
      String guildId,
      Function<GuildConfig, R> query,
      R whenUnconfigured) {
    try {
      return configs.load(guildId).invoke(query);
    } catch (AggregateNotFoundException unconfigured) {
      return whenUnconfigured;
    }
  }

  /** What a submission must satisfy here. */
  public SubmissionRules submissionRules() {
    return new SubmissionRules(
        hasChannel(GuildChannel.SUGGESTIONS),
        isOn(GuildToggle.ANONYMOUS_SUGGESTIONS),
        isOn(GuildToggle.IMAGES_IN_SUGGESTIONS),
        blockedUserIds,
        queueMode(),
        hasChannel(GuildChannel.QUEUE));
  }

  /** How new suggestions are reviewed, or {@code null} if the guild does not queue them. */
  private QueueMode queueMode() {
    if (!isOn(GuildToggle.SUGGESTION_QUEUE)) {
      return null;
    }
    return isOn(GuildToggle.CHANNEL_QUEUE) ? QueueMode.CHANNEL : QueueMode.VIRTUAL;
  }

  /** Whether resolved suggestions have somewhere to go: a log channel, or kept in place. */
  public boolean hasResolutionTarget() {
    return isOn(GuildToggle.KEEP_LOGS) || hasChannel(GuildChannel.LOG);
  }

  /** Whether the guild has set {@code channel}. */
  public boolean hasChannel(GuildChannel channel) {
    return channels.containsKey(channel);
  }

  /** The setting's value, or its default if the guild never changed it. */
  public boolean isOn(GuildToggle toggle) {
    return toggles.getOrDefault(toggle, toggle.defaultValue());
  }

  /** The roles whose members are moderators here, besides Administrator and Manage Server. */
  Set<String> staffRoleIds() {
    return staffRoleIds;
  }

  private static boolean isSnowflake(String id) {
    return id != null && id.matches("[0-9]{15,21}");
  }

  private static boolean isSensibleLimit(int amount, Duration period) {
    return amount >= 1
        && amount <= MAX_SUGGESTIONS_PER_PERIOD
        && period != null
        && period.compareTo(Duration.ofSeconds(1)) >= 0
        && period.compareTo(MAX_LIMIT_PERIOD) <= 0;
  }

  private static Outcome invalid(String detail) {
    return Outcome.refused(ErrorCode.INVALID_SETTING, detail);
  }
}
