package dev.meridian.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Applies {@code --log-format} and {@code --log-level} to Logback, once, when {@code serve} starts: the
 * configuration of {@link LogConfiguration} (or the user's Logback file) stays (its appenders and targets), with the root level set and, for
 * JSON, every appender's encoder replaced by Logback's own {@link JsonEncoder}. The request log
 * ({@code dev.meridian.requests}) inherits the root level, so {@code warn} silences it.
 */
final class LogOutput {
    /** The request log's logger ({@code wire.RequestLog}). */
    static final String REQUEST_LOG = "dev.meridian.requests";

    private LogOutput() {
    }

    /** Sets the root level and the format of every appender; does nothing when Logback is not the SLF4J binding. */
    static void configure(LogFormat format, Level level) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.toLevel(level.toString()));
        // The request log follows the root level, whatever a configuration file said of it (the tests' turns it off).
        context.getLogger(REQUEST_LOG).setLevel(null);
        if (format == LogFormat.JSON) {
            for (Logger logger : context.getLoggerList()) {
                useJson(context, logger.iteratorForAppenders());
            }
        }
    }

    /**
     * One JSON object per line: timestamp, level, thread, logger, the formatted message, the key-value pairs
     * (the request log's fields) and any throwable; not the context's properties, the MDC (unused), the raw message pattern or
     * its arguments, which repeat the formatted message.
     */
    private static void useJson(LoggerContext context, Iterator<Appender<ILoggingEvent>> appenders) {
        while (appenders.hasNext()) {
            Appender<ILoggingEvent> appender = appenders.next();
            if (appender instanceof OutputStreamAppender<ILoggingEvent> output) {
                useJson(context, output);
            } else if (appender instanceof AsyncAppenderBase<ILoggingEvent> async) {
                useJson(context, async.iteratorForAppenders()); // the request log's queue and the appender behind it
            }
        }
    }

    private static void useJson(LoggerContext context, OutputStreamAppender<ILoggingEvent> appender) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithContext(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithMDC(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        appender.stop();
        appender.setEncoder(encoder);
        appender.start();
    }
}
