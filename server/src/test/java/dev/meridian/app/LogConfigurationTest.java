package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The logging configuration in code: what {@code logback.xml} said, and a user's file winning over it. */
class LogConfigurationTest {
    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void stop() {
        Object hook = context.getObject(CoreConstants.SHUTDOWN_HOOK_THREAD);
        if (hook instanceof Thread thread) {
            Runtime.getRuntime().removeShutdownHook(thread);
        }
        context.stop();
    }

    @Test
    void everyLoggerWritesTextToStandardErrorAtInfoAndNettyOnlyWarnings() {
        context.setName(CoreConstants.DEFAULT_CONTEXT_NAME); // as SLF4J's Logback provider names its context
        LogConfiguration.configureInCode(context);

        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        ConsoleAppender<ILoggingEvent> standardError = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
        assertThat(standardError.isStarted()).isTrue();
        assertThat(standardError.getTarget()).isEqualTo("System.err");
        assertThat(layoutPattern(standardError)).isEqualTo("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n");
        assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getObject(CoreConstants.SHUTDOWN_HOOK_THREAD)).isInstanceOf(Thread.class);
        // The name Logback's own registration gives it.
        assertThat(((Thread) context.getObject(CoreConstants.SHUTDOWN_HOOK_THREAD)).getName())
                .isEqualTo("Logback shutdown hook [default]");
        // Registered with the JVM: removing it works once.
        assertThat(Runtime.getRuntime().removeShutdownHook((Thread) context.getObject(CoreConstants.SHUTDOWN_HOOK_THREAD)))
                .isTrue();
    }

    @Test
    void theShutdownHookStopsTheContextWritingOutTheRequestLogsQueue() {
        LogConfiguration.configureInCode(context);
        context.start();
        Thread hook = (Thread) context.getObject(CoreConstants.SHUTDOWN_HOOK_THREAD);
        AsyncAppender queue = (AsyncAppender) context.getLogger(LogOutput.REQUEST_LOG).getAppender("ASYNC_REQUESTS");
        assertThat(queue.isStarted()).isTrue();

        hook.run(); // what the JVM runs when it stops (here on this thread)

        assertThat(context.isStarted()).isFalse();
        assertThat(queue.isStarted()).isFalse();
    }

    @Test
    void theRequestLogGoesThroughAQueueThatNeverDropsALine() {
        LogConfiguration.configureInCode(context);

        Logger requestLog = context.getLogger(LogOutput.REQUEST_LOG);
        assertThat(requestLog.isAdditive()).isFalse();
        assertThat(requestLog.getLevel()).isNull(); // the root's, which serve's --log-level sets
        AsyncAppender queue = (AsyncAppender) requestLog.getAppender("ASYNC_REQUESTS");
        assertThat(queue.isStarted()).isTrue();
        assertThat(queue.getQueueSize()).isEqualTo(8192);
        assertThat(queue.getDiscardingThreshold()).isZero();
        assertThat(queue.isNeverBlock()).isFalse();
        ConsoleAppender<ILoggingEvent> requests = (ConsoleAppender<ILoggingEvent>) queue.getAppender("REQUESTS");
        assertThat(requests.getTarget()).isEqualTo("System.err");
        assertThat(layoutPattern(requests)).isEqualTo("%d{HH:mm:ss.SSS} %-5level %logger - %kvp{NONE}%n");
    }

    @Test
    void aLogbackFileOnTheClassPathWinsOverTheConfigurationInCode() {
        // This module's tests have their own logback-test.xml.
        LogConfiguration configuration = new LogConfiguration();
        configuration.setContext(context);

        assertThat(configuration.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    /** The pattern whose lines the appender's layout writes ({@link LogLineLayoutTest} holds it to it). */
    private static String layoutPattern(ConsoleAppender<ILoggingEvent> appender) {
        assertThat(appender.getEncoder()).isInstanceOf(LayoutWrappingEncoder.class);
        return ((LogLineLayout) ((LayoutWrappingEncoder<ILoggingEvent>) appender.getEncoder()).getLayout()).pattern();
    }
}
