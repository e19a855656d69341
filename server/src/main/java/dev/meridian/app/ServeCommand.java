package dev.meridian.app;

import dev.meridian.app.seed.SeedFileException;
import dev.meridian.core.SeedException;
import dev.meridian.identity.IdentityFileException;
import dev.meridian.model.AccountId;
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
 * malformed, or development mode on a non-loopback address without {@code --development-mode-on-network}, is one
 * line and exit code 1.
 */
final class ServeCommand implements Callable<Integer> {
    /** The {@code --seed} and {@code --identities} value that stands for no file. */
    private static final String NONE = "none";
    /** Every option of {@code serve}, in the order of the help. */
    static final List<ServeOption<?>> OPTIONS = List.of(
            new ServeOption<>("--host", "HOST", "Address to listen on.",
                    text -> text, text -> text, ServerConfiguration.Builder::host, ServerConfiguration::host),
            new ServeOption<>("--port", "PORT", "Port to listen on, 0 to 65535; 0 picks a free port.",
                    ServeCommand::wholeNumber, String::valueOf, ServerConfiguration.Builder::port, ServerConfiguration::port),
            new ServeOption<>("--data-dir", "FOLDER", "Folder for the databases and the root key; created if missing,"
                    + " and held by this server alone.",
                    ServeCommand::path, Path::toString, ServerConfiguration.Builder::dataDirectory, ServerConfiguration::dataDirectory),
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
        this.spec = CommandSpec.wrapWithoutInspection(this).name("serve").mixinStandardHelpOptions(true);
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
        } catch (SeedFileException | SeedException | IdentityFileException | NetworkExposureException e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, stopped), "meridian-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("Meridian is ready on " + server.endpoint() + " (data in "
                + configuration.dataDirectory().toAbsolutePath().normalize() + ")");
        out.flush();
        stopped.await();
        return 0;
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

    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + text + "' is not a path: " + e.getReason());
        }
    }
}
