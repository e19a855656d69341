package dev.meridian.wire.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * The timestamps of the awsJson protocol: epoch seconds as a JSON number, fractions allowed, read to the
 * millisecond (rounded down). AWS's JSON deserializer (Coral) refuses anything else with a
 * {@code SerializationException} whose message reads {@code STRING_VALUE can not be converted to milliseconds
 * since epoch} (recorded from X-Ray in 2023, aws/aws-sdk-js-v3#4343; SWF and Cognito Sync in 2013 and 2014
 * gave the older form of the same text, aws/aws-cli#91, aws/aws-sdk-php#373; CloudTrail's LookupEvents
 * refused an ISO-8601 string with a {@code SerializationException}, boto/boto#3133). A number whose
 * milliseconds a {@code long} cannot hold (beyond about 292 million years from 1970, {@code 1e309}, which
 * JSON parsers read as infinity) is refused the same way.
 *
 * <p>Guarantees: reading a value costs constant time whatever its digits or exponent: the number is read as
 * a {@code double} (what the JSON parser made of it), checked for range, and only then made exact through
 * the shortest decimal that names that {@code double}, so no power of ten is ever computed from the
 * caller's exponent. Stateless and thread-safe.
 */
public final class EpochSeconds {
    /** The largest number of seconds whose milliseconds fit in a {@code long}. */
    private static final long LIMIT = Long.MAX_VALUE / 1000L;
    private static final String REFUSAL = " can not be converted to milliseconds since epoch";

    private EpochSeconds() {
    }

    /**
     * The instant a JSON value stands for, to the millisecond; null when it is not a timestamp (not a number,
     * not finite, or out of range).
     */
    public static Instant instantOrNull(JsonNode value) {
        if (value == null || !value.isNumber()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong() || value.longValue() > LIMIT || value.longValue() < -LIMIT) {
                return null;
            }
            return Instant.ofEpochMilli(value.longValue() * 1000L);
        }
        // A DoubleNode already; a DecimalNode (never made by Meridian's parser) is rounded to a double, which
        // BigDecimal does in time linear in its digits, never in its exponent.
        double seconds = value.doubleValue();
        if (!Double.isFinite(seconds) || Math.abs(seconds) > LIMIT) {
            return null;
        }
        try {
            return Instant.ofEpochMilli(BigDecimal.valueOf(seconds).movePointRight(3)
                    .setScale(0, RoundingMode.FLOOR).longValueExact());
        } catch (ArithmeticException e) {
            return null; // within a few milliseconds of the limit, where a double cannot tell
        }
    }

    /** AWS's message for a value that is not a timestamp: {@code NUMBER_VALUE can not be converted to ...}. */
    public static String refusal(JsonNode value) {
        return SerializationErrors.token(value) + REFUSAL;
    }
}
