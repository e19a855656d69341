package dev.meridian.app;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads sizes in bytes written as {@code 0}, {@code 1048576}, {@code 512k}, {@code 500m}, {@code 10g} or
 * {@code 1t}: binary multiples (k is 1,024 bytes), either case, an optional {@code b} or {@code ib} after
 * the unit ({@code 10GiB}, {@code 500MB}).
 */
final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})(?:([kmgt])(?:i?b)?|b)?");

    @Override
    public Long convert(String value) {
        Matcher matcher = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (matcher.matches()) {
            try {
                long amount = Long.parseLong(matcher.group(1));
                int shift = matcher.group(2) == null ? 0 : 10 * ("kmgt".indexOf(matcher.group(2)) + 1);
                if (amount <= Long.MAX_VALUE >> shift) {
                    return amount << shift;
                }
            } catch (NumberFormatException e) {
                // Too many digits for a long: refused below, as any other value that is no size.
            }
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a size such as 0, 500m, 10g"
                + " (k, m, g, t: KiB, MiB, GiB, TiB)");
    }
}
