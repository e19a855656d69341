package dev.meridian.app;

import dev.meridian.postgres.PostgresSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the password of {@code --database} comes from, the first that has one: the file of
 * {@code --database-password-file} (its first line, trimmed), the environment variable {@value #ENVIRONMENT_VARIABLE}
 * (when set and not blank), the URL's {@code password} parameter. So a password need never be on the command line,
 * where other users of the machine may read it.
 */
final class DatabasePassword {
    /** The environment variable that holds the database's password. */
    static final String ENVIRONMENT_VARIABLE = "MERIDIAN_DATABASE_PASSWORD";

    private DatabasePassword() {
    }

    /**
     * The configuration's database, signing in with the password of the first source that has one; empty without
     * {@code --database}.
     *
     * @throws StartRefusedException if the password file cannot be read or its first line is empty
     */
    static Optional<PostgresSettings> resolve(ServerConfiguration configuration, Map<String, String> environment) {
        if (configuration.database().isEmpty()) {
            return Optional.empty();
        }
        PostgresSettings database = configuration.database().get();
        if (configuration.databasePasswordFile().isPresent()) {
            return Optional.of(database.withPassword(read(configuration.databasePasswordFile().get())));
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(database.withPassword(fromEnvironment.strip().toCharArray()));
        }
        return Optional.of(database);
    }

    private static char[] read(Path file) {
        Path shown = file.toAbsolutePath().normalize();
        String line;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            line = reader.readLine();
        } catch (NoSuchFileException e) {
            throw new StartRefusedException("The database password file " + shown + " does not exist");
        } catch (AccessDeniedException e) {
            throw new StartRefusedException("Cannot read the database password file " + shown + ": permission denied");
        } catch (IOException e) {
            throw new StartRefusedException("Cannot read the database password file " + shown + ": " + e.getMessage());
        }
        if (line == null || line.isBlank()) {
            throw new StartRefusedException("The database password file " + shown + " is empty; expected the password on"
                    + " its first line");
        }
        return line.strip().toCharArray();
    }
}
