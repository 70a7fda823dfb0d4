package gg.suggestions.query.projection.userconfig;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.contract.userconfig.DirectMessagesSet;
import gg.suggestions.eventstore.contract.userconfig.ThreadPingsSet;
import gg.suggestions.query.projection.Dispatch;
import gg.suggestions.query.projection.store.MemoryStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The user configs projection's rules, over the memory store as a rebuild runs them. */
class UserConfigProjectionTest {

  private static final String USER = "900000000000000001";
  private static final Instant AT = Instant.parse("2026-06-01T12:00:00Z");

  private final MemoryStore store = new MemoryStore();
  private final Dispatch projection = new Dispatch(new UserConfigProjection(store));

  @Test
  void aSettingKeepsTheOtherAtItsDefaultAndARedeliveryChangesNothing() {
    projection.event("user:" + USER, 0, AT, new DirectMessagesSet(USER, false));
    projection.event("user:" + USER, 1, AT, new ThreadPingsSet(USER, false));
    projection.event("user:" + USER, 2, AT, new ThreadPingsSet(USER, true));
    projection.event("user:" + USER, 1, AT, new ThreadPingsSet(USER, false));

    assertThat(store.rows(UserConfigProjection.TABLE).find(USER))
        .contains(new UserConfigRow(USER, false, true, 2));
    assertThat(store.rows(UserConfigProjection.TABLE).find("900000000000000002")).isEmpty();
  }
}
