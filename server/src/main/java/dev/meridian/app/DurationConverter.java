package dev.meridian.app;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of a duration on the command line: a whole number followed by {@code ms}, {@code s},
 * {@code m} (minutes), {@code h} or {@code d}, such as {@code 0s}, {@code 500ms}, {@code 2s}, {@code 1m},
 * {@code 1h} or {@code 90d}; or ISO-8601 ({@code PT2S}). {@link #format} writes the shortest such form.
 */
final class DurationConverter {
    /** Every form that is read, for the one line that refuses another. */
    static final String FORMS = "0s, 500ms, 2s, 1m, 1h, 90d (a whole number and ms, s, m, h or d), or ISO-8601 such as PT2S";
    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,15})(ms|s|m|h|d)");

    private DurationConverter() {
    }

    /** Reads {@code value}; anything else is an {@link IllegalArgumentException} naming every form that works. */
    static Duration parse(String value) {
        Matcher matcher = SIMPLE.matcher(value.trim());
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration; expected " + FORMS);
        }
    }

    /** The shortest form {@link #parse} reads back as {@code value}: {@code 2s}, {@code 90d}, {@code 1500ms}. */
    static String format(Duration value) {
        if (value.isNegative() || value.toNanosPart() % 1_000_000 != 0) {
            return value.toString();
        }
        long millis = value.toMillis();
        if (millis == 0) {
            return "0s";
        }
        if (millis % Duration.ofDays(1).toMillis() == 0) {
            return value.toDays() + "d";
        }
        if (millis % Duration.ofHours(1).toMillis() == 0) {
            return value.toHours() + "h";
        }
        if (millis % Duration.ofMinutes(1).toMillis() == 0) {
            return value.toMinutes() + "m";
        }
        if (millis % 1000 == 0) {
            return value.toSeconds() + "s";
        }
        return millis + "ms";
    }
}
