package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** The log lines written in code are the lines Logback's PatternLayout writes for the same pattern, byte for byte. */
class LogLineLayoutTest {
    private static final Instant TIME = Instant.parse("2026-12-02T15:04:05.678Z");

    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void serverLinesAreThePatternsLines() {
        assertSameLinesAsItsPattern(LogLineLayout.serverLines(context));
    }

    @Test
    void requestLinesAreThePatternsLines() {
        assertSameLinesAsItsPattern(LogLineLayout.requestLines(context));
    }

    private void assertSameLinesAsItsPattern(LogLineLayout layout) {
        PatternLayout reference = patternLayout(layout.pattern());
        for (ILoggingEvent event : events()) {
            assertThat(layout.doLayout(event)).as(event.toString()).isEqualTo(reference.doLayout(event));
        }
    }

    @Test
    void aServerLineReadsAsItsPatternSays() {
        String line = LogLineLayout.serverLines(context).doLayout(
                event("dev.meridian.store.postgres.PostgresStore", Level.INFO, "main", "Opened {}", null, "db"));
        assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[main\\] d\\.m\\.s\\.p\\.PostgresStore - Opened db"
                + System.lineSeparator());
    }

    @Test
    void aRequestLineReadsAsItsPatternSays() {
        LoggingEvent event = event(LogOutput.REQUEST_LOG, Level.INFO, "epoll-1", "", null);
        event.addKeyValuePair(new KeyValuePair("region", "us-east-1"));
        event.addKeyValuePair(new KeyValuePair("status", 200));
        assertThat(LogLineLayout.requestLines(context).doLayout(event))
                .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  dev\\.meridian\\.requests - region=us-east-1 status=200"
                        + System.lineSeparator());
    }

    @Test
    void aThrowableFollowsTheLineAsPatternLayoutAppendsIt() {
        IllegalStateException failure = new IllegalStateException("outer", new IOException("inner"));
        String line = LogLineLayout.serverLines(context).doLayout(
                event("dev.meridian.app.Main", Level.ERROR, "main", "Failed", failure));
        assertThat(line).contains(" - Failed" + System.lineSeparator() + "java.lang.IllegalStateException: outer")
                .contains("Caused by: java.io.IOException: inner");
    }

    @Test
    void aLayoutThatIsNotStartedWritesNothing() {
        LogLineLayout layout = LogLineLayout.serverLines(context);
        layout.stop();
        assertThat(layout.doLayout(event("a", Level.INFO, "main", "text", null))).isEmpty();
    }

    private PatternLayout patternLayout(String pattern) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(pattern);
        layout.start();
        return layout;
    }

    /** Events of every level, short and long logger names, arguments, key-value pairs, throwables with causes. */
    private List<ILoggingEvent> events() {
        List<ILoggingEvent> events = new ArrayList<>();
        for (Level level : List.of(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR)) {
            events.add(event("dev.meridian.app.Main", level, "main", "Meridian is ready on {}", null,
                    "http://127.0.0.1:8020"));
        }
        events.add(event("dev.meridian.store.postgres.PostgresStoreConnections", Level.WARN, "meridian-due-work",
                "A {} and {}", null, "b", 3));
        events.add(event("Root", Level.INFO, "a thread with spaces [x]", "a message\nof two lines", null));
        events.add(event("io.netty.util.internal.PlatformDependent0", Level.DEBUG, "multiThreadIoEventLoopGroup-3-1",
                "", null));
        IllegalStateException withCause = new IllegalStateException("outer", new UncheckedIOException("middle",
                new IOException("inner")));
        withCause.addSuppressed(new IllegalArgumentException("suppressed"));
        events.add(event("dev.meridian.app.ServeCommand", Level.ERROR, "main", "Cannot start: {}", withCause, "reason"));
        events.add(event("x", Level.ERROR, "main", "no message argument", new RuntimeException()));
        LoggingEvent request = event(LogOutput.REQUEST_LOG, Level.INFO, "multiThreadIoEventLoopGroup-3-2", "", null);
        request.addKeyValuePair(new KeyValuePair("region", "us-west-2"));
        request.addKeyValuePair(new KeyValuePair("operation", "Encrypt"));
        request.addKeyValuePair(new KeyValuePair("latencyMs", 1.235));
        request.addKeyValuePair(new KeyValuePair("keyId", "alias/with space"));
        request.addKeyValuePair(new KeyValuePair("nothing", null));
        events.add(request);
        LoggingEvent requestWithThrowable = event(LogOutput.REQUEST_LOG, Level.WARN, "main", "", new RuntimeException("x"));
        requestWithThrowable.addKeyValuePair(new KeyValuePair("status", 500));
        events.add(requestWithThrowable);
        return events;
    }

    private LoggingEvent event(String logger, Level level, String thread, String message, Throwable throwable,
            Object... arguments) {
        LoggingEvent event = new LoggingEvent(LogLineLayoutTest.class.getName(), context.getLogger(logger), level, message,
                throwable, arguments.length == 0 ? null : arguments);
        event.setThreadName(thread);
        event.setInstant(TIME);
        return event;
    }
}
