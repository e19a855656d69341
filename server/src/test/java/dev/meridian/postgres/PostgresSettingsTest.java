package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresSettingsTest {

    @Test
    void aPasswordNeverShowsInTheDescription() {
        PostgresSettings settings = PostgresSettings.of("jdbc:postgresql://db:5432/kms?user=meridian&password=s3cret&ssl=true")
                .withPassword("other".toCharArray());
        assertThat(settings.toString()).isEqualTo("jdbc:postgresql://db:5432/kms?user=meridian&password=***&ssl=true")
                .doesNotContain("s3cret").doesNotContain("other");
    }

    @Test
    void onlyPostgresUrlsAreTaken() {
        assertThatThrownBy(() -> PostgresSettings.of("jdbc:mysql://db/kms?password=x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DB): jdbc:mysql://db/kms?password=***");
    }

    @Test
    void theTestDatabaseIsARealPostgresql() throws Exception {
        try (Connection connection = PostgresTestDatabase.create().connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SHOW server_version_num")) {
            rows.next();
            assertThat(Integer.parseInt(rows.getString(1))).isGreaterThanOrEqualTo(130000);
        }
    }
}
