package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.model.AccountId;
import dev.meridian.model.Region;
import dev.meridian.postgres.PostgresSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's options: every default and every mapping to the configuration pinned (as Airlift's
 * {@code assertRecordedDefaults} and {@code assertFullMapping} do), and every bad value one line with exit
 * code 2.
 */
class ServeCommandTest {

    @Test
    void everyOptionsDefaultIsTheConfigurationsDefault() {
        assertRecordedDefaults(Map.ofEntries(
                Map.entry("--host", "127.0.0.1"),
                Map.entry("--port", "8020"),
                Map.entry("--data-dir", "data"),
                Map.entry("--database", "none"),
                Map.entry("--database-password-file", "none"),
                Map.entry("--database-lock-timeout", "10s"),
                Map.entry("--root-key", "DATA_DIR/root.key"),
                Map.entry("--account-id", "111122223333"),
                Map.entry("--replication-delay", "2s"),
                Map.entry("--key-limit", "100000"),
                Map.entry("--audit-retention", "90d"),
                Map.entry("--connection-timeout", "1m"),
                Map.entry("--audit-max-size", "10g"),
                Map.entry("--log-format", "text"),
                Map.entry("--log-level", "info"),
                Map.entry("--seed", "none"),
                Map.entry("--region-port", "none"),
                Map.entry("--identities", "none"),
                Map.entry("--development-mode-on-network", "false")));
    }

    @Test
    void everyOptionSetsItsOwnProperty() {
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("--host", "0.0.0.0");
        arguments.put("--port", "9001");
        arguments.put("--data-dir", "/var/lib/meridian");
        arguments.put("--database", "jdbc:postgresql://db.example.com:5432/meridian?user=meridian");
        arguments.put("--database-password-file", "/etc/meridian/database-password");
        arguments.put("--database-lock-timeout", "2500ms");
        arguments.put("--root-key", "/etc/meridian/root.key");
        arguments.put("--account-id", "444455556666");
        arguments.put("--replication-delay", "500ms");
        arguments.put("--key-limit", "7");
        arguments.put("--audit-retention", "365d");
        arguments.put("--connection-timeout", "5s");
        arguments.put("--audit-max-size", "500m");
        arguments.put("--log-format", "json");
        arguments.put("--log-level", "warn");
        arguments.put("--seed", "/etc/meridian/seed.yaml");
        arguments.put("--region-port", "us-west-2=8021");
        arguments.put("--identities", "/etc/meridian/identities.json");
        arguments.put("--development-mode-on-network", "true");
        assertFullMapping(arguments, ServerConfiguration.builder()
                .host("0.0.0.0")
                .port(9001)
                .dataDirectory(Path.of("/var/lib/meridian"))
                .database(PostgresSettings.of("jdbc:postgresql://db.example.com:5432/meridian?user=meridian"))
                .databasePasswordFile(Path.of("/etc/meridian/database-password"))
                .databaseLockTimeout(Duration.ofMillis(2500))
                .rootKey(Path.of("/etc/meridian/root.key"))
                .account(AccountId.of("444455556666"))
                .replicationDelay(Duration.ofMillis(500))
                .keyLimitPerRegion(7)
                .auditRetention(Duration.ofDays(365))
                .connectionTimeout(Duration.ofSeconds(5))
                .auditMaxSize(500L << 20)
                .logFormat(LogFormat.JSON)
                .logLevel(Level.WARN)
                .seedFile(Path.of("/etc/meridian/seed.yaml"))
                .regionPorts(Map.of(Region.of("us-west-2"), 8021))
                .identities(Path.of("/etc/meridian/identities.json"))
                .developmentModeOnNetwork(true)
                .build());
    }

    @Test
    void theReadmeTableShowsEveryOptionWithItsDefault() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        ServerConfiguration defaults = ServerConfiguration.builder().build();
        for (ServeOption<?> option : ServeCommand.OPTIONS) {
            assertThat(readme).as(option.name()).contains("| `" + option.name() + "` | `" + option.defaultText(defaults) + "` |");
        }
    }

    @Test
    void everyBadValueIsOneLineSayingWhatIsExpectedWithExitCodeTwo(@TempDir Path folder) throws IOException {
        assertUsageError("Invalid value for option '--port': the port must be between 0 and 65535, not 70000",
                "serve", "--port", "70000");
        assertUsageError("Invalid value for option '--port': 'eighty' is not a whole number", "serve", "--port", "eighty");
        assertUsageError("Invalid value for option '--account-id': '123' is not an AWS account ID; expected 12 digits,"
                + " such as 111122223333", "serve", "--account-id", "123");
        assertUsageError("Invalid value for option '--key-limit': the key limit must be at least 1, not 0",
                "serve", "--key-limit", "0");
        assertUsageError("Invalid value for option '--audit-retention': the audit retention must be zero or more, not PT-1S",
                "serve", "--audit-retention", "PT-1S");
        assertUsageError("Invalid value for option '--replication-delay': 'soon' is not a duration; expected 0s, 500ms, 2s,"
                + " 1m, 1h, 90d (a whole number and ms, s, m, h or d), or ISO-8601 such as PT2S",
                "serve", "--replication-delay", "soon");
        assertUsageError("Invalid value for option '--connection-timeout': the connection timeout must be at least 1s, not 500ms",
                "serve", "--connection-timeout", "500ms");
        assertUsageError("Invalid value for option '--database-lock-timeout': the database lock timeout must be at least 1ms"
                + " and less than 1m (the database connection's network timeout), not 1m", "serve", "--database-lock-timeout", "60s");
        assertUsageError("Invalid value for option '--database-lock-timeout': the database lock timeout must be at least 1ms"
                + " and less than 1m (the database connection's network timeout), not 0s", "serve", "--database-lock-timeout", "0s");
        assertUsageError("Invalid value for option '--audit-max-size': '10x' is not a size such as 0, 500m, 10g"
                + " (k, m, g, t: KiB, MiB, GiB, TiB)", "serve", "--audit-max-size", "10x");
        assertUsageError("Invalid value for option '--audit-max-size': the audit size bound must be 0 (no bound) or at"
                + " least 1m (1 MiB), not 10 bytes", "serve", "--audit-max-size", "10");
        assertUsageError("Invalid value for option '--host': the host must be a host name or IP address, not empty",
                "serve", "--host", " ");
        assertUsageError("Invalid value for option '--log-format': 'xml' is not a log format; expected text or json",
                "serve", "--log-format", "xml");
        assertUsageError("Invalid value for option '--log-level': 'loud' is not a log level; expected error, warn, info,"
                + " debug or trace", "serve", "--log-level", "loud");
        assertUsageError("Invalid value for option '--region-port': 'us-west-2:8021' is not REGION=PORT; expected a Region and"
                + " a port, such as us-west-2=8021", "serve", "--region-port", "us-west-2:8021");
        assertUsageError("Invalid value for option '--region-port': 'x' is not a port of us-west-2; expected a whole number"
                + " from 0 to 65535", "serve", "--region-port", "us-west-2=x");
        assertUsageError("Invalid value for option '--region-port': the port of us-west-2 must be between 0 and 65535, not 70000",
                "serve", "--region-port", "us-west-2=70000");
        assertUsageError("Invalid value for option '--region-port': the port 8021 is given to two Regions; each Region needs"
                + " its own", "serve", "--region-port", "us-west-2=8021", "--region-port", "eu-west-1=8021");
        assertUsageError("Invalid value for option '--region-port': us-west-2 is given two ports; a Region has one listener"
                + " of its own", "serve", "--region-port", "us-west-2=8021,us-west-2=8022");
        assertUsageError("Invalid value for option '--region-port': the port 8020 is the server's own; a Region's port must"
                + " be another", "serve", "--region-port", "us-west-2=8020");
        assertUsageError("Invalid value for option '--database': 'postgres://db:5432/meridian?user=u&password=***' is not"
                + " a PostgreSQL JDBC URL; expected jdbc:postgresql://HOST:PORT/DB?user=USER, or none",
                "serve", "--database", "postgres://db:5432/meridian?user=u&password=secret");
        assertUsageError("Invalid value for option '--database': 'jdbc:postgresql://db:port/meridian' is not a PostgreSQL"
                + " JDBC URL; expected jdbc:postgresql://HOST:PORT/DB?user=USER, or none",
                "serve", "--database", "jdbc:postgresql://db:port/meridian");
        assertUsageError("Invalid value for option '--database-password-file': it holds the password of --database, which"
                + " is not given", "serve", "--database-password-file", folder.resolve("password").toString());
        assertUsageError("Invalid value for option '--database-lock-timeout': it bounds the waits of --database's writes,"
                + " which is not given", "serve", "--database-lock-timeout", "5s");
        assertUsageError("Invalid value for option '--audit-max-size': it bounds audit.db, which --database replaces; on"
                + " PostgreSQL --audit-retention bounds the audit trail", "serve", "--database",
                "jdbc:postgresql://db.example.com:5432/meridian?user=meridian", "--audit-max-size", "1g");
        assertUsageError("Unknown option: '--colour=blue'", "serve", "--colour=blue");

        Path file = Files.writeString(folder.resolve("file"), "not a folder");
        String real = file.toRealPath().toString();
        assertUsageError("Invalid value for option '--data-dir': the data folder " + real + " is a file; expected a folder,"
                + " or a path where one can be created", "serve", "--data-dir", file.toString());
        assertUsageError("Invalid value for option '--data-dir': cannot create the data folder " + real + "/data: " + real
                + " is a file, not a folder; expected a folder, or a path where one can be created",
                "serve", "--data-dir", file.resolve("data").toString());
    }

    @Test
    void aSeedThatCannotBeAppliedIsOneLineWithExitCodeOneAndNoServer(@TempDir Path folder) throws IOException {
        Path seed = Files.writeString(folder.resolve("seed.yaml"), """
                keys:
                  - keyId: bc436485-5092-42b8-92a3-0aa8b93536dc
                    material:
                      - hex: 00ff
                """);
        Outcome outcome = execute("serve", "--port", "0", "--data-dir", folder.resolve("data").toString(), "--seed",
                seed.toString());
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).isEmpty();
        assertThat(outcome.err()).isEqualTo("seed.yaml line 4, column 9 (keys[0].material[0].hex): 2 bytes are not"
                + " material of a SYMMETRIC_DEFAULT key (32 bytes; 16 in the China Regions)" + System.lineSeparator());

        Outcome missing = execute("serve", "--port", "0", "--data-dir", folder.resolve("data").toString(), "--seed",
                folder.resolve("absent.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("The seed file " + folder.resolve("absent.yaml").toAbsolutePath().normalize()
                + " does not exist" + System.lineSeparator());
    }

    @Test
    void aMalformedIdentityFileIsOneLineWithExitCodeOneAndNoServer(@TempDir Path folder) throws IOException {
        Path identities = Files.writeString(folder.resolve("identities.json"), """
                {"accounts": [
                  {"id": "111122223333",
                   "users": [{"name": "alice", "path": "engineering"}]}
                ]}
                """);
        Outcome outcome = execute("serve", "--port", "0", "--data-dir", folder.resolve("data").toString(), "--identities",
                identities.toString());
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).isEmpty();
        assertThat(outcome.err()).isEqualTo("identities.json line 3, column 32 (accounts[0].users[0].path): 'engineering'"
                + " is not an IAM path; expected / or a path that starts and ends with /, such as /division/, of at most 512"
                + " printable ASCII characters" + System.lineSeparator());
        assertThat(folder.resolve("data")).doesNotExist();
    }

    @Test
    void developmentModeOnANetworkAddressIsRefusedUnlessAcknowledged(@TempDir Path folder) {
        Outcome outcome = execute("serve", "--port", "0", "--host", "0.0.0.0", "--data-dir",
                folder.resolve("data").toString());
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("Development mode accepts any signature, so it listens only on a loopback"
                + " address (127.0.0.1, ::1, localhost), not 0.0.0.0; give --identities FILE for strict mode, or"
                + " --development-mode-on-network to expose development mode anyway" + System.lineSeparator());
        assertThat(folder.resolve("data")).doesNotExist();
        assertThat(ServeCommand.configuration("--development-mode-on-network").developmentModeOnNetwork()).isTrue();
        assertThat(ServeCommand.configuration("--development-mode-on-network=false").developmentModeOnNetwork()).isFalse();
        assertThat(ServeCommand.configuration("--identities", "identities.json").developmentMode()).isFalse();
    }

    @Test
    void noCommandIsTheUsageOnStandardErrorAndANonZeroExit() {
        Outcome outcome = execute();
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.out()).isEmpty();
        assertThat(outcome.err()).startsWith("Usage: meridian [-hV] [COMMAND]").contains("serve", "help");
    }

    @Test
    void regionPortsAreRepeatableOrCommaSeparated() {
        Map<Region, Integer> both = Map.of(Region.of("us-west-2"), 8021, Region.of("eu-west-1"), 0);
        assertThat(ServeCommand.configuration("--region-port", "us-west-2=8021", "--region-port", "eu-west-1=0").regionPorts())
                .isEqualTo(both);
        assertThat(ServeCommand.configuration("--region-port", "us-west-2=8021,eu-west-1=0").regionPorts()).isEqualTo(both);
        assertThat(RegionPorts.format(both)).isEqualTo("eu-west-1=0,us-west-2=8021");
        assertThat(RegionPorts.parse(RegionPorts.format(both))).isEqualTo(both);
    }

    @Test
    void durationsAreWrittenInTheShortestFormTheyAreReadIn() {
        for (String text : List.of("0s", "500ms", "2s", "1m", "1h", "90d", "1500ms", "61s")) {
            assertThat(DurationConverter.format(DurationConverter.parse(text))).isEqualTo(text);
        }
        assertThat(DurationConverter.parse("PT2S")).isEqualTo(Duration.ofSeconds(2));
        assertThat(DurationConverter.format(Duration.ofNanos(1))).isEqualTo("PT0.000000001S");
    }

    /** Every option is named, with the default the help shows; {@code serve} without options starts from the builder's defaults. */
    private static void assertRecordedDefaults(Map<String, String> expectedDefaults) {
        assertThat(expectedDefaults.keySet()).as("every option's default is pinned")
                .containsExactlyInAnyOrderElementsOf(optionNames());
        ServerConfiguration defaults = ServerConfiguration.builder().build();
        for (ServeOption<?> option : ServeCommand.OPTIONS) {
            assertThat(option.defaultText(defaults)).as(option.name()).isEqualTo(expectedDefaults.get(option.name()));
        }
        assertThat(ServeCommand.configuration()).isEqualTo(defaults);
    }

    /**
     * Every option is given, all of them together make {@code expected}, and each alone sets its own
     * property, away from the default, and nothing else.
     */
    private static void assertFullMapping(Map<String, String> arguments, ServerConfiguration expected) {
        assertThat(arguments.keySet()).as("every option is mapped").containsExactlyInAnyOrderElementsOf(optionNames());
        List<String> all = new ArrayList<>();
        arguments.forEach((name, value) -> all.add(name + "=" + value));
        assertThat(ServeCommand.configuration(all.toArray(String[]::new))).isEqualTo(expected);
        for (ServeOption<?> option : ServeCommand.OPTIONS) {
            assertSetsOnlyItsProperty(option, arguments.get(option.name()), expected);
        }
    }

    private static <T> void assertSetsOnlyItsProperty(ServeOption<T> option, String value, ServerConfiguration expected) {
        ServerConfiguration defaults = ServerConfiguration.builder().build();
        T wanted = option.getter().apply(expected);
        assertThat(wanted).as(option.name() + " differs from its default").isNotEqualTo(option.getter().apply(defaults));
        ServerConfiguration.Builder onlyThis = ServerConfiguration.builder();
        option.setter().accept(onlyThis, wanted);
        assertThat(ServeCommand.configuration(option.name(), value)).as(option.name()).isEqualTo(onlyThis.build());
    }

    private static List<String> optionNames() {
        return ServeCommand.OPTIONS.stream().map(ServeOption::name).toList();
    }

    private static void assertUsageError(String line, String... arguments) {
        Outcome outcome = execute(arguments);
        assertThat(outcome.err()).as(String.join(" ", arguments)).isEqualTo(line + System.lineSeparator());
        assertThat(outcome.exitCode()).as(String.join(" ", arguments)).isEqualTo(2);
        assertThat(outcome.out()).isEmpty();
    }

    private record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome execute(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(arguments);
        return new Outcome(exitCode, out.toString(), err.toString());
    }
}
