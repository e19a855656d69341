package dev.meridian.app;

import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line: {@code meridian serve [options]}. Exit codes: 2 for a usage error (a bad option, a
 * missing command; one line on standard error, never a stack trace), 1 when the server cannot start (its
 * data folder held by another server, its port in use, its seed file refused), 143 after SIGTERM.
 *
 * <p>The commands are described in code ({@link CommandSpec}), not by annotations: picocli reads annotations by
 * reflection, which took about 30 ms of the main thread before {@code serve} could start (and its built-in
 * {@code help} command's about 50 ms more: {@link HelpCommand}).
 */
public final class Main implements Callable<Integer> {

    private static final String NETTY_FLIGHT_RECORDER_EVENTS = "io.netty.jfr.enabled";

    private final CommandSpec spec;

    private Main() {
        this.spec = CommandSpec.wrapWithoutInspection(this).name("meridian").version("Meridian 0.1.0");
        spec.usageMessage().description("A key management service that speaks the AWS KMS API, with multi-Region keys.");
        addStandardHelpOptions(spec);
    }

    public static void main(String[] arguments) {
        boolean serve = arguments.length > 0 && arguments[0].equals("serve");
        if (serve) {
            if (System.getProperty(NETTY_FLIGHT_RECORDER_EVENTS) == null) {
                // Netty's allocator events would initialize the flight recorder's event types at start (40 ms);
                // -Dio.netty.jfr.enabled=true (MERIDIAN_JAVA_OPTS) brings them back.
                System.setProperty(NETTY_FLIGHT_RECORDER_EVENTS, "false");
            }
            LoggerFactory.getILoggerFactory(); // Logback first, on this thread, then the start's work ahead on another
            MeridianServer.prepareInBackground(); // while the options are read
        }
        System.exit((serve ? serveCommandLine() : commandLine()).execute(arguments));
    }

    /** The whole command line, with {@code serve} and {@code help}, reporting a usage error in one line. */
    static CommandLine commandLine() {
        return commandLine(HelpCommand.spec());
    }

    /**
     * The command line of {@code meridian serve ...}: the same without {@code help}, which such a line never reaches
     * ({@code serve --help} is serve's own); describing {@code help} to picocli took about 15 ms of every start.
     */
    static CommandLine serveCommandLine() {
        return commandLine(null);
    }

    /**
     * The same with {@code help} given, either described in code or as picocli's own (which tests compare), or none
     * ({@code null}).
     */
    static CommandLine commandLine(Object help) {
        CommandLine commandLine = new CommandLine(new Main().spec).addSubcommand("serve", ServeCommand.commandLine());
        if (help != null) {
            commandLine.addSubcommand("help", help);
        }
        commandLine.setParameterExceptionHandler(new OneLine());
        return commandLine;
    }

    /**
     * {@code -h, --help} and {@code -V, --version}, as picocli's {@code mixinStandardHelpOptions} adds them, without
     * the reflection that the mixin costs.
     */
    static void addStandardHelpOptions(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
    }

    /** No command: the usage on standard error, and a usage error's exit code. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return spec.exitCodeOnInvalidInput();
    }

    /**
     * A usage error in one line on standard error. A class rather than a lambda for the reason {@link ServeOption}'s
     * converter is one: a lambda of a picocli interface keeps it, and picocli's classes behind it, out of the class
     * data sharing archive.
     */
    private static final class OneLine implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] arguments) {
            CommandLine commandLine = e.getCommandLine();
            commandLine.getErr().println(e.getMessage());
            commandLine.getErr().flush();
            return commandLine.getCommandSpec().exitCodeOnInvalidInput();
        }
    }
}
