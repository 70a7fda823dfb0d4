package gg.suggestions.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TestPostgresIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  @Test
  void isARealPostgreSql17ThatKeepsWhatIsWritten() throws Exception {
    try (Connection c = postgres.dataSource().getConnection()) {
      c.createStatement().execute("CREATE TABLE probe (id int PRIMARY KEY, body jsonb NOT NULL)");
      c.createStatement().execute("INSERT INTO probe VALUES (1, '{\"a\": [1, 2]}')");

      ResultSet version = c.createStatement().executeQuery("SHOW server_version");
      version.next();
      assertThat(version.getString(1)).startsWith("17.");
      ResultSet row =
          c.createStatement().executeQuery("SELECT body->'a'->>1 FROM probe WHERE id = 1");
      row.next();
      assertThat(row.getString(1)).isEqualTo("2");
    }
    assertThat(postgres.jdbcUrl()).startsWith("jdbc:postgresql://");
  }
}
