package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.postgres.PostgresSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database's password: the file's first line, else the environment variable, else the URL's. */
class DatabasePasswordTest {
    private static final String URL = "jdbc:postgresql://db.example.com:5432/meridian?user=meridian&password=from-url";
    private static final PostgresSettings DATABASE = PostgresSettings.of(URL);

    @Test
    void theFileWinsOverTheEnvironmentWhichWinsOverTheUrl(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("password"), "  from-file \nsecond line\n");
        ServerConfiguration withFile = ServerConfiguration.builder().database(DATABASE).databasePasswordFile(file).build();
        ServerConfiguration withoutFile = ServerConfiguration.builder().database(DATABASE).build();
        Map<String, String> environment = Map.of(DatabasePassword.ENVIRONMENT_VARIABLE, "from-environment");

        assertThat(DatabasePassword.resolve(withFile, environment))
                .contains(DATABASE.withPassword("from-file".toCharArray()));
        assertThat(DatabasePassword.resolve(withoutFile, environment))
                .contains(DATABASE.withPassword("from-environment".toCharArray()));
        assertThat(DatabasePassword.resolve(withoutFile, Map.of(DatabasePassword.ENVIRONMENT_VARIABLE, " "))).contains(DATABASE);
        assertThat(DatabasePassword.resolve(withoutFile, Map.of())).contains(DATABASE);
        assertThat(DatabasePassword.resolve(ServerConfiguration.builder().build(), environment)).isEmpty();
    }

    @Test
    void noSettingEverShowsAPassword(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("password"), "from-file\n");
        PostgresSettings resolved = DatabasePassword.resolve(
                ServerConfiguration.builder().database(DATABASE).databasePasswordFile(file).build(), Map.of()).orElseThrow();

        assertThat(resolved.toString()).isEqualTo("jdbc:postgresql://db.example.com:5432/meridian?user=meridian&password=***");
        assertThat(ServerConfiguration.builder().database(resolved).build().toString())
                .doesNotContain("from-file").doesNotContain("from-url");
    }

    @Test
    void aMissingOrEmptyFileRefusesTheStartInOneLine(@TempDir Path folder) throws IOException {
        Path missing = folder.resolve("absent");
        Path empty = Files.writeString(folder.resolve("empty"), "\n");

        assertThatThrownBy(() -> DatabasePassword.resolve(
                ServerConfiguration.builder().database(DATABASE).databasePasswordFile(missing).build(), Map.of()))
                .isInstanceOf(StartRefusedException.class)
                .hasMessage("The database password file " + missing.toAbsolutePath() + " does not exist");
        assertThatThrownBy(() -> DatabasePassword.resolve(
                ServerConfiguration.builder().database(DATABASE).databasePasswordFile(empty).build(), Map.of()))
                .isInstanceOf(StartRefusedException.class)
                .hasMessage("The database password file " + empty.toAbsolutePath() + " is empty; expected the password"
                        + " on its first line");
    }
}
