package dev.meridian.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The SQL scripts of schema migrations: resources of statements separated by {@code ;}, with {@code --} comment
 * lines. A script's statements hold no {@code ;} inside a literal or a body (the scripts are ours).
 */
public final class SqlScripts {
    private SqlScripts() {
    }

    /** The script {@code resource} next to {@code resourceBase}, without its comment lines. */
    public static String read(Class<?> resourceBase, String resource) {
        try (InputStream input = resourceBase.getResourceAsStream(resource)) {
            if (input == null) {
                throw new IllegalStateException("Missing migration " + resource);
            }
            StringBuilder withoutComments = new StringBuilder();
            for (String line : new String(input.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.stripLeading().startsWith("--")) {
                    withoutComments.append(line).append('\n');
                }
            }
            return withoutComments.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Executes the statements of {@code script}, in order, through {@code statement}. */
    public static void execute(Statement statement, String script) throws SQLException {
        for (String sql : script.split(";")) {
            if (!sql.isBlank()) {
                statement.execute(sql);
            }
        }
    }
}
