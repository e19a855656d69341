package dev.meridian.app;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Meridian's logging, set up in code when Logback starts (a {@link Configurator} service) rather than read from
 * an XML file: Logback's XML reader takes about a fifth of a second of a server's start. Logs go to standard
 * error (standard output carries only the ready line): every logger's lines as text ({@link LogLineLayout}: the lines
 * of a Logback pattern, without parsing one), the request log
 * ({@value LogOutput#REQUEST_LOG}, one line per request, its fields as key=value pairs) through a queue that one
 * thread writes; {@code io.netty} at WARN, everything else at INFO until {@code serve} applies its options
 * ({@link LogOutput}). Key material, plaintext and data keys are never logged at any level.
 *
 * <p>A configuration of the user's wins: with {@code -Dlogback.configurationFile} (or {@code -Dlogback.scmoFile}), or a {@code logback-test.xml}
 * or {@code logback.xml} on the class path (a test suite's, an application's that embeds the server), this does
 * nothing and Logback reads that file as usual.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class LogConfiguration extends ContextAwareBase implements Configurator {
    /** How many request lines wait for the writing thread; a full queue makes the request thread wait. */
    static final int REQUEST_QUEUE_SIZE = 8192;

    /** Logback's service loader needs a public constructor with no arguments. */
    public LogConfiguration() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (userConfigurationPresent()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configureInCode(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** What {@code logback.xml} said before: the appenders, the request log's queue, the levels, the shutdown hook. */
    static void configureInCode(LoggerContext context) {
        // Stops the context when the JVM stops, so that the request log's queue is written out.
        // Registered as Logback's ContextUtil.addOrReplaceShutdownHook does (same thread name, same context object),
        // whose string concatenation links method handles at start (~10 ms); a fresh context has no hook to replace.
        // What Logback's DefaultShutdownHook does with no delay, without its class's start (it compiles the regular
        // expression of Logback's durations, ~5 ms).
        Thread hook = new Thread(new StopContext(context), "Logback shutdown hook [" + context.getName() + "]");
        context.putObject(CoreConstants.SHUTDOWN_HOOK_THREAD, hook);
        Runtime.getRuntime().addShutdownHook(hook);

        ConsoleAppender<ILoggingEvent> standardError = standardError(context, "STDERR", LogLineLayout.serverLines(context));
        ConsoleAppender<ILoggingEvent> requests = standardError(context, "REQUESTS", LogLineLayout.requestLines(context));
        // The request threads only queue the line; one thread writes it. Nothing is dropped: a full queue makes the
        // request thread wait, as a synchronous appender would.
        AsyncAppender queuedRequests = new AsyncAppender();
        queuedRequests.setContext(context);
        queuedRequests.setName("ASYNC_REQUESTS");
        queuedRequests.setQueueSize(REQUEST_QUEUE_SIZE);
        queuedRequests.setDiscardingThreshold(0);
        queuedRequests.setNeverBlock(false);
        queuedRequests.addAppender(requests);
        queuedRequests.start();

        context.getLogger("io.netty").setLevel(Level.WARN);
        Logger requestLog = context.getLogger(LogOutput.REQUEST_LOG);
        requestLog.setAdditive(false);
        requestLog.addAppender(queuedRequests);
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(standardError);
    }

    static boolean userConfigurationPresent() {
        if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null
                || System.getProperty(ClassicConstants.MODEL_CONFIG_FILE_PROPERTY) != null) {
            return true;
        }
        ClassLoader loader = LogConfiguration.class.getClassLoader();
        return loader.getResource(ClassicConstants.TEST_AUTOCONFIG_FILE) != null
                || loader.getResource(ClassicConstants.AUTOCONFIG_FILE) != null;
    }

    /** Stops the context: its appenders write out what they hold (the request log's queue) and close. */
    static final class StopContext implements Runnable {
        private final LoggerContext context;

        StopContext(LoggerContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            context.stop();
        }
    }

    private static ConsoleAppender<ILoggingEvent> standardError(LoggerContext context, String name, LogLineLayout layout) {
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
