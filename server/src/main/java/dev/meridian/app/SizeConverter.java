package dev.meridian.app;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of a size in bytes on the command line: {@code 0}, {@code 1048576}, {@code 512k},
 * {@code 500m}, {@code 10g} or {@code 1t}: binary multiples (k is 1,024 bytes), either case, an optional
 * {@code b} or {@code ib} after the unit ({@code 10GiB}, {@code 500MB}). {@link #format} writes the
 * shortest such form.
 */
final class SizeConverter {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})(?:([kmgt])(?:i?b)?|b)?");
    private static final String UNITS = "kmgt";

    private SizeConverter() {
    }

    /** Reads {@code value}; anything else is an {@link IllegalArgumentException} naming the forms that work. */
    static long parse(String value) {
        Matcher matcher = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (matcher.matches()) {
            try {
                long amount = Long.parseLong(matcher.group(1));
                int shift = matcher.group(2) == null ? 0 : 10 * (UNITS.indexOf(matcher.group(2)) + 1);
                if (amount <= Long.MAX_VALUE >> shift) {
                    return amount << shift;
                }
            } catch (NumberFormatException e) {
                // Too many digits for a long: refused below, as any other value that is no size.
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a size such as 0, 500m, 10g"
                + " (k, m, g, t: KiB, MiB, GiB, TiB)");
    }

    /** The shortest form {@link #parse} reads back as {@code bytes}: {@code 0}, {@code 10g}, {@code 1536k}. */
    static String format(long bytes) {
        if (bytes <= 0) {
            return Long.toString(bytes);
        }
        for (int unit = UNITS.length(); unit > 0; unit--) {
            int shift = 10 * unit;
            if (bytes % (1L << shift) == 0) {
                return (bytes >> shift) + UNITS.substring(unit - 1, unit);
            }
        }
        return Long.toString(bytes);
    }
}
