package dev.meridian.app;

import dev.meridian.model.AccountId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line: {@code meridian serve [options]}. */
@Command(name = "meridian", mixinStandardHelpOptions = true, version = "Meridian 0.1.0",
        description = "A key management service that speaks the AWS KMS API, with multi-Region keys.",
        subcommands = {Main.Serve.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] arguments) {
        System.exit(new CommandLine(new Main()).execute(arguments));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Starts a server and runs until interrupted (Ctrl-C or SIGTERM). */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Start the server. Prints one line with its http://HOST:PORT when ready; Ctrl-C stops it cleanly.")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--host", defaultValue = ServerConfiguration.DEFAULT_HOST,
                description = "Address to listen on (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", defaultValue = "" + ServerConfiguration.DEFAULT_PORT,
                description = "Port to listen on; 0 picks a free port (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--data-dir", defaultValue = "data",
                description = "Folder for the database and the root key; created if missing (default: ${DEFAULT-VALUE}).")
        Path dataDirectory;

        @Option(names = "--account-id", defaultValue = "111122223333",
                description = "The 12-digit AWS account ID every caller belongs to (default: ${DEFAULT-VALUE}).")
        String accountId;

        @Option(names = "--replication-delay", defaultValue = "2s", converter = DurationConverter.class,
                description = "How long a new replica stays Creating and a primary change stays Updating,"
                        + " e.g. 0s, 500ms, 2s (default: ${DEFAULT-VALUE}).")
        Duration replicationDelay;

        @Option(names = "--key-limit", defaultValue = "" + ServerConfiguration.DEFAULT_KEY_LIMIT,
                description = "Keys per account and Region before CreateKey and ReplicateKey answer"
                        + " LimitExceededException (default: ${DEFAULT-VALUE}).")
        int keyLimit;

        @Option(names = "--audit-retention", defaultValue = "90d", converter = DurationConverter.class,
                description = "How long audit records are kept, e.g. 90d, 365d; 0s keeps them all"
                        + " (default: ${DEFAULT-VALUE}, as CloudTrail's event history).")
        Duration auditRetention;

        @Option(names = "--audit-max-size", defaultValue = "10g", converter = SizeConverter.class,
                description = "The most audit records may take in audit.db, e.g. 500m, 10g; past it the oldest"
                        + " are deleted; 0 for no bound (default: ${DEFAULT-VALUE}).")
        long auditMaxSize;

        @Override
        public Integer call() throws Exception {
            ServerConfiguration configuration = ServerConfiguration.builder()
                    .host(host).port(port).dataDirectory(dataDirectory).account(AccountId.of(accountId))
                    .replicationDelay(replicationDelay).keyLimitPerRegion(keyLimit).auditRetention(auditRetention)
                    .auditMaxSize(auditMaxSize).build();
            MeridianServer server;
            try {
                server = MeridianServer.start(configuration);
            } catch (java.io.UncheckedIOException e) {
                System.err.println(e.getCause().getMessage());
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                System.err.println("Meridian stopped.");
                stopped.countDown();
            }, "meridian-shutdown"));
            System.out.println("Meridian is ready on " + server.endpoint() + " (data in "
                    + dataDirectory.toAbsolutePath().normalize() + ")");
            System.out.flush();
            stopped.await();
            return 0;
        }
    }
}
