package gg.suggestions.query.projection.guildconfig;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannelSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildLocaleSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.contract.guildconfig.MemberBlocked;
import gg.suggestions.eventstore.contract.guildconfig.MemberUnblocked;
import gg.suggestions.eventstore.contract.guildconfig.StaffRolesSet;
import gg.suggestions.eventstore.contract.guildconfig.SuggestionLimitSet;
import gg.suggestions.query.projection.Dispatch;
import gg.suggestions.query.projection.store.MemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The guild configs projection's rules, over the memory store as a rebuild runs them. */
class GuildConfigProjectionTest {

  private static final String GUILD = "601219766258106399";
  private static final Instant AT = Instant.parse("2026-06-01T12:00:00Z");

  private final MemoryStore store = new MemoryStore();
  private final Dispatch projection = new Dispatch(new GuildConfigProjection(store));

  private GuildConfigRow row() {
    return store.rows(GuildConfigProjection.TABLE).find(GUILD).orElseThrow();
  }

  @Test
  void everySettingLandsAndAChannelSetToNothingIsGone() {
    projection.event(GUILD, 0, AT, new GuildChannelSet(GUILD, GuildChannel.SUGGESTIONS, "7"));
    projection.event(GUILD, 1, AT, new GuildChannelSet(GUILD, GuildChannel.LOG, "8"));
    projection.event(GUILD, 2, AT, new GuildToggleSet(GUILD, GuildToggle.KEEP_LOGS, true));
    projection.event(GUILD, 3, AT, new StaffRolesSet(GUILD, List.of("r1", "r2")));
    projection.event(GUILD, 4, AT, new GuildLocaleSet(GUILD, "fr"));
    projection.event(GUILD, 5, AT, new SuggestionLimitSet(GUILD, 2, Duration.ofMinutes(5)));
    projection.event(GUILD, 6, AT, new GuildChannelSet(GUILD, GuildChannel.LOG, null));

    GuildConfigRow row = row();
    assertThat(row.channels()).isEqualTo(Map.of(GuildChannel.SUGGESTIONS, "7"));
    assertThat(row.toggles()).containsEntry(GuildToggle.KEEP_LOGS, true);
    assertThat(row.staffRoleIds()).containsExactly("r1", "r2");
    assertThat(row.locale()).isEqualTo("fr");
    assertThat(row.limit()).isEqualTo(new GuildConfigRow.Limit(2, Duration.ofMinutes(5)));
    assertThat(row.lastSequence()).isEqualTo(6);
  }

  @Test
  void theBlocklistFollowsBlocksAndUnblocksAndIgnoresRedeliveries() {
    projection.event(GUILD, 0, AT, new MemberBlocked(GUILD, "13", "1"));
    projection.event(GUILD, 1, AT, new MemberBlocked(GUILD, "14", "1"));
    projection.event(GUILD, 2, AT, new MemberUnblocked(GUILD, "13", "1"));
    projection.event(GUILD, 1, AT, new MemberBlocked(GUILD, "13", "1"));

    assertThat(row().blocklist()).containsExactly("14");
    assertThat(row().lastSequence()).isEqualTo(2);
  }
}
