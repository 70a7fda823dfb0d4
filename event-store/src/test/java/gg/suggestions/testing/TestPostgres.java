package gg.suggestions.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL 17 per test class, started from the embedded distribution (no Docker, no
 * installed server). Register it as a static field:
 *
 * <pre>{@code @RegisterExtension static final TestPostgres postgres = new TestPostgres();}</pre>
 *
 * <p>The server runs with fsync off, which is right for tests that do not kill the host; tests of
 * crash durability need their own server settings.
 */
public final class TestPostgres implements BeforeAllCallback, AfterAllCallback {

  private EmbeddedPostgres server;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    server = EmbeddedPostgres.builder().start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (server != null) {
      server.close();
    }
  }

  public DataSource dataSource() {
    return server.getPostgresDatabase();
  }

  public String jdbcUrl() {
    return server.getJdbcUrl("postgres", "postgres");
  }

  public String user() {
    return "postgres";
  }
}
