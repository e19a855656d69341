package dev.meridian.app;

import ch.qos.logback.classic.pattern.DateConverter;
import ch.qos.logback.classic.pattern.KeyValuePairConverter;
import ch.qos.logback.classic.pattern.LevelConverter;
import ch.qos.logback.classic.pattern.LineSeparatorConverter;
import ch.qos.logback.classic.pattern.LoggerConverter;
import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.pattern.ThreadConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.pattern.Converter;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.pattern.FormatInfo;
import ch.qos.logback.core.pattern.LiteralConverter;
import java.util.ArrayList;
import java.util.List;

/**
 * One of the two text lines of Meridian's logs, written by Logback's own converters put together in code: what
 * Logback's {@code PatternLayout} writes for {@link #pattern()} (throwable included, which it appends when a pattern
 * has none), without parsing the pattern at start. {@code PatternLayout}'s class initialization (a map of some 50
 * converter constructors), its pattern parser and its converters made by reflection took about 20 ms of a start's main
 * thread, before the start's second thread could begin (the date converter's time zone data, ~20 ms more, this layout
 * needs too).
 * {@code LogLineLayoutTest} compares both layouts' lines on the same events.
 *
 * <p>The converters are made and started once, here, and shared by every line, as {@code PatternLayout} shares its
 * own; they are safe for concurrent use as {@code PatternLayout}'s are.
 */
final class LogLineLayout extends LayoutBase<ILoggingEvent> {
    /** Every logger's line: time, level, thread, the logger's name shortened to about 20 characters, the message. */
    static final String SERVER_PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n";
    /** The request log's line: time, level, the logger, the request's fields as key=value pairs. */
    static final String REQUEST_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger - %kvp{NONE}%n";

    private static final String TIME = "HH:mm:ss.SSS";

    private final String pattern;
    private final List<Converter<ILoggingEvent>> converters;

    private LogLineLayout(String pattern, List<Converter<ILoggingEvent>> converters) {
        this.pattern = pattern;
        this.converters = List.copyOf(converters);
    }

    /** {@value #SERVER_PATTERN}, started. */
    static LogLineLayout serverLines(Context context) {
        List<Converter<ILoggingEvent>> converters = timeAndLevel(context);
        converters.add(new LiteralConverter<>(" ["));
        converters.add(started(new ThreadConverter(), context));
        converters.add(new LiteralConverter<>("] "));
        converters.add(started(new LoggerConverter(), context, "20"));
        converters.add(new LiteralConverter<>(" - "));
        converters.add(started(new MessageConverter(), context));
        converters.add(started(new LineSeparatorConverter(), context));
        converters.add(started(new ThrowableProxyConverter(), context));
        return started(new LogLineLayout(SERVER_PATTERN, converters), context);
    }

    /** {@value #REQUEST_PATTERN}, started. */
    static LogLineLayout requestLines(Context context) {
        List<Converter<ILoggingEvent>> converters = timeAndLevel(context);
        converters.add(new LiteralConverter<>(" "));
        converters.add(started(new LoggerConverter(), context));
        converters.add(new LiteralConverter<>(" - "));
        converters.add(started(new KeyValuePairConverter(), context, "NONE"));
        converters.add(started(new LineSeparatorConverter(), context));
        converters.add(started(new ThrowableProxyConverter(), context));
        return started(new LogLineLayout(REQUEST_PATTERN, converters), context);
    }

    /** The {@code PatternLayout} pattern whose lines this layout writes. */
    String pattern() {
        return pattern;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        if (!isStarted()) {
            return "";
        }
        StringBuilder line = new StringBuilder(256);
        for (Converter<ILoggingEvent> converter : converters) {
            converter.write(line, event);
        }
        return line.toString();
    }

    /** How both lines begin: {@code %d{HH:mm:ss.SSS} %-5level} (the level at least five characters, padded on the right). */
    private static List<Converter<ILoggingEvent>> timeAndLevel(Context context) {
        LevelConverter level = started(new LevelConverter(), context);
        level.setFormattingInfo(FormatInfo.valueOf("-5"));
        return new ArrayList<>(List.of(started(new DateConverter(), context, TIME), new LiteralConverter<>(" "), level));
    }

    private static <C extends DynamicConverter<ILoggingEvent>> C started(C converter, Context context,
            String... options) {
        converter.setContext(context);
        if (options.length > 0) {
            converter.setOptionList(List.of(options));
        }
        converter.start();
        return converter;
    }

    private static LogLineLayout started(LogLineLayout layout, Context context) {
        layout.setContext(context);
        layout.start();
        return layout;
    }
}
