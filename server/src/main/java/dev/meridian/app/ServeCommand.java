package dev.meridian.app;

import dev.meridian.app.seed.SeedFileException;
import dev.meridian.core.SeedException;
import dev.meridian.identity.IdentityFileException;
import dev.meridian.model.AccountId;
import dev.meridian.postgres.PostgresSettings;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import org.slf4j.event.Level;
import picocli.CommandLine.ParameterException;

/**
 * {@code meridian serve}: starts a server and runs until SIGTERM (or Ctrl-C).
 *
 * <p>{@link #OPTIONS} is the list of its options, each complete in one entry; their defaults and ranges
 * are {@link ServerConfiguration}'s. Adding an option is one entry here and one property there. A value that
 * cannot work is one line on standard error and exit code 2; a data folder held by another server, or a
 * port in use, a seed file that is missing, malformed or contradicts the store, an identity file that is missing or
 * malformed, development mode on a non-loopback address without {@code --development-mode-on-network}, a root key
 * that is not the one the store's material was wrapped with, or a database (or its password file) that cannot be
 * reached, is one line and exit code 1.
 */
final class ServeCommand implements Callable<Integer> {
    /** The {@code --seed} and {@code --identities} value that stands for no file. */
    private static final String NONE = "none";
    /** The {@code --root-key} value that stands for the data folder's root key file, the default. */
    private static final String ROOT_KEY_IN_DATA_DIRECTORY = "DATA_DIR/" + MeridianServer.ROOT_KEY_FILE;
    /** Every option of {@code serve}, in the order of the help. */
    static final List<ServeOption<?>> OPTIONS = List.of(
            new ServeOption<>("--host", "HOST", "Address to listen on.",
                    text -> text, text -> text, ServerConfiguration.Builder::host, ServerConfiguration::host),
            new ServeOption<>("--port", "PORT", "Port to listen on, 0 to 65535; 0 picks a free port.",
                    ServeCommand::wholeNumber, String::valueOf, ServerConfiguration.Builder::port, ServerConfiguration::port),
            new ServeOption<>("--data-dir", "FOLDER", "Folder for the databases and the root key; created if missing,"
                    + " and held by this server alone.",
                    ServeCommand::path, Path::toString, ServerConfiguration.Builder::dataDirectory, ServerConfiguration::dataDirectory),
            new ServeOption<>("--database", "JDBC_URL", "A PostgreSQL database (13 or later) for the keys, the replication"
                    + " outbox and the audit trail, e.g. jdbc:postgresql://HOST:5432/DB?user=U; every node of one service"
                    + " names the same one; none for SQLite in the data folder.",
                    ServeCommand::database, database -> database.map(PostgresSettings::toString).orElse(NONE),
                    ServerConfiguration.Builder::database, ServerConfiguration::database),
            new ServeOption<>("--database-password-file", "FILE", "A file whose first line is the database's password;"
                    + " it wins over the environment variable " + DatabasePassword.ENVIRONMENT_VARIABLE + ", which wins"
                    + " over the URL's password; none for no file.",
                    ServeCommand::optionalPath, path -> path.map(Path::toString).orElse(NONE),
                    ServerConfiguration.Builder::databasePasswordFile, ServerConfiguration::databasePasswordFile),
            new ServeOption<>("--database-lock-timeout", "DURATION", "How long a write waits for the database's write"
                    + " lock, which another node's write may hold, before it is answered DependencyTimeoutException"
                    + " (HTTP 500, retryable) with nothing written; at least 1ms and less than 1m.",
                    DurationConverter::parse, DurationConverter::format, ServerConfiguration.Builder::databaseLockTimeout,
                    ServerConfiguration::databaseLockTimeout),
            new ServeOption<>("--root-key", "FILE", "The root key file (32 bytes) that wraps all key material; created"
                    + " when missing. Every node of one service needs the same one.",
                    ServeCommand::rootKey, path -> path.map(Path::toString).orElse(ROOT_KEY_IN_DATA_DIRECTORY),
                    ServerConfiguration.Builder::rootKey, ServerConfiguration::rootKey),
            new ServeOption<>("--account-id", "ACCOUNT", "The 12-digit AWS account ID of every caller whose"
                    + " access key ID is not itself 12 digits (an access key ID of 12 digits names the caller's account).",
                    ServeCommand::account, AccountId::value, ServerConfiguration.Builder::account, ServerConfiguration::account),
            new ServeOption<>("--replication-delay", "DURATION", "How long a new replica stays Creating and a primary"
                    + " change stays Updating, e.g. 0s, 500ms, 2s.",
                    DurationConverter::parse, DurationConverter::format, ServerConfiguration.Builder::replicationDelay,
                    ServerConfiguration::replicationDelay),
            new ServeOption<>("--key-limit", "COUNT", "Keys per account and Region, at least 1, before CreateKey and"
                    + " ReplicateKey answer LimitExceededException.",
                    ServeCommand::wholeNumber, String::valueOf, ServerConfiguration.Builder::keyLimitPerRegion,
                    ServerConfiguration::keyLimitPerRegion),
            new ServeOption<>("--audit-retention", "DURATION", "How long audit records are kept, e.g. 90d, 365d;"
                    + " 0s keeps them all (CloudTrail's event history keeps 90 days).",
                    DurationConverter::parse, DurationConverter::format, ServerConfiguration.Builder::auditRetention,
                    ServerConfiguration::auditRetention),
            new ServeOption<>("--connection-timeout", "DURATION", "How long a connection with no request under way"
                    + " may stay silent before it is closed, and how long a request may take to arrive whole; at least 1s.",
                    DurationConverter::parse, DurationConverter::format, ServerConfiguration.Builder::connectionTimeout,
                    ServerConfiguration::connectionTimeout),
            new ServeOption<>("--audit-max-size", "SIZE", "The most audit records may take in audit.db, e.g. 500m, 10g;"
                    + " past it the oldest are deleted; 0 for no bound.",
                    SizeConverter::parse, SizeConverter::format, ServerConfiguration.Builder::auditMaxSize,
                    ServerConfiguration::auditMaxSize),
            new ServeOption<>("--log-format", "FORMAT", "How log lines are written: text, or json (one JSON object per"
                    + " line, Logback's JsonEncoder).",
                    LogFormat::parse, LogFormat::optionText, ServerConfiguration.Builder::logFormat, ServerConfiguration::logFormat),
            new ServeOption<>("--log-level", "LEVEL", "The least level logged: error, warn, info, debug or trace;"
                    + " info logs one line per request, warn silences those.",
                    ServeCommand::logLevel, level -> level.toString().toLowerCase(Locale.ROOT), ServerConfiguration.Builder::logLevel,
                    ServerConfiguration::logLevel),
            new ServeOption<>("--seed", "FILE", "A seed file (YAML or JSON; Meridian's format or local-kms's) whose keys and"
                    + " aliases are created at start; none for no seed.",
                    ServeCommand::seedFile, seed -> seed.map(Path::toString).orElse(NONE),
                    ServerConfiguration.Builder::seedFile, ServerConfiguration::seedFile),
            ServeOption.repeatable("--region-port", "REGION=PORT", "A listener of the Region's own on this port (0 picks"
                    + " a free one), which an outage can close to refuse its connections, e.g. us-west-2=8021.",
                    RegionPorts::parse, RegionPorts::format, ServerConfiguration.Builder::regionPorts,
                    ServerConfiguration::regionPorts),
            new ServeOption<>("--identities", "FILE", "An identity file (JSON: accounts, their root access keys, users and"
                    + " roles) that turns on strict mode: signatures verified, callers known; none for development mode.",
                    ServeCommand::optionalPath, path -> path.map(Path::toString).orElse(NONE),
                    ServerConfiguration.Builder::identities, ServerConfiguration::identities),
            ServeOption.flag("--development-mode-on-network", "Let development mode (no --identities: any signature"
                    + " accepted) listen on an address other than loopback.",
                    ServerConfiguration.Builder::developmentModeOnNetwork, ServerConfiguration::developmentModeOnNetwork));

    private final CommandSpec spec;

    private ServeCommand() {
        this.spec = CommandSpec.wrapWithoutInspection(this).name("serve");
        Main.addStandardHelpOptions(spec);
        spec.usageMessage().sortOptions(false);
        spec.usageMessage().description("Start the server. Prints one line with its http://HOST:PORT when ready;"
                + " Ctrl-C (SIGTERM) stops it cleanly.");
        ServerConfiguration defaults = ServerConfiguration.builder().build();
        for (ServeOption<?> option : OPTIONS) {
            spec.addOption(option.toOptionSpec(defaults));
        }
    }

    /** The {@code serve} command, for {@link Main} to add. */
    static CommandLine commandLine() {
        return new CommandLine(new ServeCommand().spec);
    }

    /**
     * The configuration {@code serve} would start with for these arguments; a bad one is the
     * {@link ParameterException} that the command line would report.
     */
    static ServerConfiguration configuration(String... arguments) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command.spec).parseArgs(arguments);
        return command.configuration();
    }

    private ServerConfiguration configuration() {
        ServerConfiguration.Builder builder = ServerConfiguration.builder();
        for (ServeOption<?> option : OPTIONS) {
            OptionSpec parsed = spec.findOption(option.name());
            try {
                option.apply(builder, parsed.getValue());
            } catch (IllegalArgumentException e) {
                throw invalid(option.name(), e.getMessage());
            }
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw invalid("--region-port", e.getMessage()); // the one rule across options: a Region's port is not --port
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerConfiguration configuration = configuration();
        if (configuration.databasePasswordFile().isPresent() && configuration.database().isEmpty()) {
            throw invalid("--database-password-file", "it holds the password of --database, which is not given");
        }
        if (given("--database-lock-timeout") && configuration.database().isEmpty()) {
            throw invalid("--database-lock-timeout", "it bounds the waits of --database's writes, which is not given");
        }
        if (given("--audit-max-size") && configuration.database().isPresent()) {
            throw invalid("--audit-max-size", "it bounds audit.db, which --database replaces; on PostgreSQL"
                    + " --audit-retention bounds the audit trail");
        }
        LogOutput.configure(configuration.logFormat(), configuration.logLevel());
        PrintWriter err = spec.commandLine().getErr();
        MeridianServer server;
        try {
            server = MeridianServer.start(configuration);
        } catch (DataDirectoryException e) {
            if (e.problem() == DataDirectoryException.Problem.UNUSABLE) {
                throw invalid("--data-dir", e.getMessage());
            }
            err.println(e.getMessage());
            err.flush();
            return 1;
        } catch (UncheckedIOException e) {
            err.println(e.getCause().getMessage());
            err.flush();
            return 1;
        } catch (SeedFileException | SeedException | IdentityFileException | NetworkExposureException
                | StartRefusedException e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, stopped), "meridian-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("Meridian is ready on " + server.endpoint() + " (data in " + configuration.database()
                .map(PostgresSettings::toString).orElseGet(() -> configuration.dataDirectory().toAbsolutePath().normalize()
                        .toString()) + ")");
        out.flush();
        stopped.await();
        return 0;
    }

    /** Whether the command line gave {@code option} (rather than its default). */
    private boolean given(String option) {
        return !spec.findOption(option).originalStringValues().isEmpty();
    }

    /** The shutdown hook: closes the server within {@link BoundedShutdown#DEADLINE}, or halts the process. */
    private void stop(MeridianServer server, CountDownLatch stopped) {
        PrintWriter err = spec.commandLine().getErr();
        if (BoundedShutdown.runWithin(server::close, BoundedShutdown.DEADLINE)) {
            err.println("Meridian stopped.");
            err.flush();
            stopped.countDown();
        } else {
            err.println("Meridian did not stop within " + BoundedShutdown.DEADLINE.toSeconds()
                    + " seconds (a request or the store is stuck); halting without waiting for it.");
            err.flush();
            Runtime.getRuntime().halt(1);
        }
    }

    /** One line: the option, what is wrong, what is expected. */
    private ParameterException invalid(String option, String problem) {
        String lowered = problem.isEmpty() ? problem : Character.toLowerCase(problem.charAt(0)) + problem.substring(1);
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + lowered);
    }

    private static int wholeNumber(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
    }

    private static Level logLevel(String text) {
        for (Level level : Level.values()) {
            if (level.toString().equalsIgnoreCase(text.trim())) {
                return level;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a log level; expected error, warn, info, debug or trace");
    }

    private static AccountId account(String text) {
        try {
            return AccountId.of(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an AWS account ID; expected 12 digits, such as 111122223333");
        }
    }

    private static java.util.Optional<Path> seedFile(String text) {
        return optionalPath(text);
    }

    /** A file, or none ({@code none}). */
    private static java.util.Optional<Path> optionalPath(String text) {
        return text.equals(NONE) ? java.util.Optional.empty() : java.util.Optional.of(path(text));
    }

    /** A PostgreSQL JDBC URL, or none ({@code none}); the message never repeats a password of the URL. */
    private static java.util.Optional<PostgresSettings> database(String text) {
        if (text.equals(NONE)) {
            return java.util.Optional.empty();
        }
        PostgresSettings settings;
        try {
            settings = PostgresSettings.of(text.strip());
        } catch (IllegalArgumentException e) {
            settings = null;
        }
        if (settings == null || !wellFormed(settings.jdbcUrl().substring("jdbc:postgresql:".length()))) {
            String shown = settings == null ? PostgresSettings.of("jdbc:postgresql:" + text).toString()
                    .substring("jdbc:postgresql:".length()) : settings.toString();
            throw new IllegalArgumentException("'" + shown + "' is not a PostgreSQL JDBC URL; expected"
                    + " jdbc:postgresql://HOST:PORT/DB?user=USER, or none");
        }
        return java.util.Optional.of(settings);
    }

    /**
     * Whether the rest of a PostgreSQL JDBC URL names a database, as the driver reads it: {@code //HOST[:PORT][,...]/DB}
     * (each port a number from 1 to 65535) or {@code DB}, then any {@code ?PARAMETERS}. Checked here rather than by the
     * driver, which reports a bad port in a log line of its own.
     */
    private static boolean wellFormed(String rest) {
        String path = rest.split("\\?", 2)[0];
        if (!path.startsWith("//")) {
            return !path.isEmpty();
        }
        int slash = path.indexOf('/', 2);
        if (slash < 0 || slash == path.length() - 1) {
            return false;
        }
        for (String address : path.substring(2, slash).split(",", -1)) {
            int colon = address.lastIndexOf(':');
            String host = colon < 0 || address.endsWith("]") ? address : address.substring(0, colon);
            String port = colon < 0 || address.endsWith("]") ? "5432" : address.substring(colon + 1);
            if (host.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                return false;
            }
        }
        return true;
    }

    /** A root key file, or the data folder's ({@value #ROOT_KEY_IN_DATA_DIRECTORY}). */
    private static java.util.Optional<Path> rootKey(String text) {
        return text.equals(ROOT_KEY_IN_DATA_DIRECTORY) ? java.util.Optional.empty() : java.util.Optional.of(path(text));
    }

    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + text + "' is not a path: " + e.getReason());
        }
    }
}
