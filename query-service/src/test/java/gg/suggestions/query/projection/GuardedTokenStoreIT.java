package gg.suggestions.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.suggestions.eventstore.log.KafkaTrackingToken;
import gg.suggestions.testing.TestPostgres;
import java.util.Map;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On a real PostgreSQL: a token the database lost is replayed from, never written over. */
class GuardedTokenStoreIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final String NAME = "usage";

  @BeforeAll
  static void migrate() {
    ProjectionProcessor.migrate(postgres.dataSource(), NAME);
  }

  @Test
  void aTokenTheDatabaseLostIsNotWrittenOverAndTheProcessorReplaysFromIt() {
    String schema = ProjectionProcessor.schemaOf(NAME);
    TokenStore guarded = ProjectionProcessor.guardedTokenStore(schema, postgres.dataSource());
    TokenStore plain = ProjectionProcessor.tokenStore(schema, postgres.dataSource());
    guarded.initializeTokenSegments(NAME, 1, at(5));
    assertThat(guarded.fetchToken(NAME, 0)).isEqualTo(at(5));
    guarded.storeToken(at(8), NAME, 0);

    // The database loses the commit that moved the token from 5 to 8, as after a failover.
    plain.storeToken(at(5), NAME, 0);

    assertThatThrownBy(() -> guarded.storeToken(at(10), NAME, 0))
        .isInstanceOf(GuardedTokenStore.TokenRegressedException.class)
        .hasMessageContaining("lost acknowledged commits");
    assertThat(plain.fetchToken(NAME, 0)).as("not written over").isEqualTo(at(5));

    // Claimed again, the processor goes on from what the database has.
    assertThat(guarded.fetchToken(NAME, 0)).isEqualTo(at(5));
    guarded.storeToken(at(6), NAME, 0);
    assertThat(plain.fetchToken(NAME, 0)).isEqualTo(at(6));
  }

  private static KafkaTrackingToken at(long offset) {
    return KafkaTrackingToken.of(Map.of(0, offset));
  }
}
