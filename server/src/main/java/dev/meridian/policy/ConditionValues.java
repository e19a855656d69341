package dev.meridian.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * How condition operators read values, the policy's (once, when it is parsed) and the request's: numbers, dates,
 * booleans and base64. Each reader answers null for text it cannot read, and never throws. Stateless.
 */
final class ConditionValues {
    private ConditionValues() {
    }

    /** A decimal number ({@code 10}, {@code -1.5}), or null. */
    static BigDecimal number(String text) {
        if (text.isEmpty() || text.length() > 100) {
            return null;
        }
        for (int index = 0; index < text.length(); index++) {
            char c = text.charAt(index);
            if (!((c >= '0' && c <= '9') || c == '.' || ((c == '-' || c == '+') && index == 0))) {
                return null;
            }
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A date as IAM's Date operators read it: an ISO 8601 instant ({@code 2026-01-01T00:00:00Z}, with an offset,
     * with fractions of a second), a date-time without zone or a date alone (read in UTC), or seconds since the
     * epoch ({@code 1767225600}); null otherwise.
     */
    static Instant date(String text) {
        BigDecimal seconds = number(text);
        if (seconds != null) {
            try {
                BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
                return Instant.ofEpochSecond(whole.longValueExact(), seconds.subtract(whole).movePointRight(9).intValue());
            } catch (ArithmeticException | DateTimeException e) {
                return null;
            }
        }
        if (text.length() < 10 || text.length() > 64) {
            return null;
        }
        Instant utc = utcDateTime(text);
        if (utc != null) {
            return utc;
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            char last = text.charAt(text.length() - 1);
            if (last == 'Z' || last == 'z') {
                return OffsetDateTime.parse(text.substring(0, text.length() - 1) + "Z").toInstant();
            }
            int time = text.indexOf('T');
            if (time > 0 && (text.indexOf('+', time) > 0 || text.indexOf('-', time) > 0)) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * The common form {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} ({@code aws:CurrentTime}'s) read without a
     * formatter; null for any other form.
     */
    private static Instant utcDateTime(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            nanos = digits(text, 20, fractionDigits);
            for (int scale = fractionDigits; scale < 9 && nanos >= 0; scale++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || nanos < 0) {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number of {@code count} digits at {@code start}, or -1 when one is not a digit. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int index = start; index < start + count; index++) {
            char c = text.charAt(index);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** {@code true} or {@code false} in any letter case, or null. */
    static Boolean bool(String text) {
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        return text.equalsIgnoreCase("false") ? Boolean.FALSE : null;
    }

    /** The bytes of base64 {@code text}, or null. */
    static byte[] binary(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
