package dev.meridian.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.policy.ConditionOperator.Kind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * One test of a statement's {@code Condition}: an operator, one condition key and its policy values, e.g.
 * {@code "StringEquals": {"kms:EncryptionContext:purpose": ["a", "b"]}}. The values are parsed once, as the
 * operator reads them. Semantics, as IAM's reference states them:
 * <ul>
 * <li>the request's value matches when it matches any of the policy values (they are OR-ed); a negated operator
 *     ({@code StringNotEquals}, {@code NotIpAddress}, {@code ArnNotLike}...) matches when it matches none;
 * <li>a key the request lacks (or that has no value): {@code ForAllValues:} matches, {@code ForAnyValue:} does
 *     not (with or without {@code IfExists}, which applies to each value of a set); otherwise an operator with
 *     {@code ...IfExists} or a negated one matches, any other does not; {@code Null} with
 *     {@code true} matches exactly when the key is absent, with {@code false} when it is present;
 * <li>several request values (a multivalued key): {@code ForAllValues:} matches when every value matches,
 *     {@code ForAnyValue:} when at least one does; without a qualifier, as {@code ForAnyValue:}, negated as a
 *     whole (no request value matches any policy value);
 * <li>a request value the operator cannot read (not a number, date, boolean, address, base64 or ARN) matches
 *     nothing, negated or not.
 * </ul>
 * Immutable; evaluation compiles nothing and runs in time linear in the values' lengths.
 */
final class Condition {
    /** {@code ForAnyValue:}, {@code ForAllValues:}, or neither. */
    enum Qualifier { NONE, FOR_ANY_VALUE, FOR_ALL_VALUES }

    private static final String FOR_ANY_VALUE = "foranyvalue:";
    private static final String FOR_ALL_VALUES = "forallvalues:";
    private static final String IF_EXISTS = "ifexists";

    private final ConditionOperator operator;
    private final Qualifier qualifier;
    private final boolean ifExists;
    private final String key;
    private final List<Object> values;

    private Condition(ConditionOperator operator, Qualifier qualifier, boolean ifExists, String key, List<Object> values) {
        this.operator = operator;
        this.qualifier = qualifier;
        this.ifExists = ifExists;
        this.key = key;
        this.values = values;
    }

    /**
     * The conditions of one operator block ({@code "StringEquals": {KEY: VALUES, ...}}), one per key; they are
     * AND-ed. {@code variables}: whether the policy's version has policy variables.
     */
    static List<Condition> parseBlock(String operatorName, JsonNode block, boolean variables) {
        String lowerName = operatorName.toLowerCase(Locale.ROOT);
        Qualifier qualifier = Qualifier.NONE;
        if (lowerName.startsWith(FOR_ANY_VALUE)) {
            qualifier = Qualifier.FOR_ANY_VALUE;
            lowerName = lowerName.substring(FOR_ANY_VALUE.length());
        } else if (lowerName.startsWith(FOR_ALL_VALUES)) {
            qualifier = Qualifier.FOR_ALL_VALUES;
            lowerName = lowerName.substring(FOR_ALL_VALUES.length());
        }
        boolean ifExists = lowerName.endsWith(IF_EXISTS) && !lowerName.equals(IF_EXISTS);
        ConditionOperator operator = ConditionOperator.named(
                ifExists ? lowerName.substring(0, lowerName.length() - IF_EXISTS.length()) : lowerName);
        // IAM: "You can add IfExists to the end of any condition operator name except the Null condition."
        if (operator == null || (ifExists && operator == ConditionOperator.NULL)) {
            throw new MalformedPolicyException("Policy contains a statement with an unknown condition operator: "
                    + operatorName + ".");
        }
        if (!block.isObject() || block.isEmpty()) {
            throw new MalformedPolicyException("Policy contains an invalid condition block for " + operatorName + ".");
        }
        List<Condition> conditions = new ArrayList<>();
        for (var entry : block.properties()) {
            List<Object> values = new ArrayList<>();
            JsonNode node = entry.getValue();
            for (JsonNode value : node.isArray() ? node : List.of(node)) {
                if (!(value.isTextual() || value.isNumber() || value.isBoolean())) {
                    throw invalidValue(operatorName, value.toString());
                }
                values.add(parseValue(operator, operatorName, value.asText(), variables));
            }
            conditions.add(new Condition(operator, qualifier, ifExists, entry.getKey().toLowerCase(Locale.ROOT),
                    List.copyOf(values)));
        }
        return conditions;
    }

    private static Object parseValue(ConditionOperator operator, String operatorName, String text, boolean variables) {
        Object value = switch (operator.kind()) {
            case STRING, STRING_IGNORING_CASE -> PolicyText.of(text, variables);
            case STRING_PATTERN -> {
                PolicyText policyText = PolicyText.of(text, variables);
                yield policyText.isConstant() ? Wildcard.exact(text) : policyText;
            }
            case ARN -> {
                PolicyText policyText = PolicyText.of(text, variables);
                yield policyText.isConstant() ? ArnPattern.of(text) : policyText;
            }
            case NUMBER -> number(text);
            case DATE -> date(text);
            case BOOLEAN, NULL -> bool(text);
            case BINARY -> binary(text);
            case IP_ADDRESS -> IpRange.parse(text);
        };
        if (value == null) {
            throw invalidValue(operatorName, text);
        }
        return value;
    }

    private static MalformedPolicyException invalidValue(String operatorName, String value) {
        return new MalformedPolicyException("Policy contains an invalid value for the condition operator "
                + operatorName + ": " + value + ".");
    }

    /** The condition key, in lower case. */
    String key() {
        return key;
    }

    /** Whether the condition holds for {@code request}. */
    boolean matches(AccessRequest request) {
        List<String> requestValues = RequestKeys.values(request, key);
        boolean absent = requestValues == null || requestValues.isEmpty();
        if (operator == ConditionOperator.NULL) {
            for (Object value : values) {
                if ((Boolean) value == absent) {
                    return true;
                }
            }
            return false;
        }
        if (absent) {
            // A set operator's IfExists applies to each value, so it changes nothing for an absent key.
            return switch (qualifier) {
                case FOR_ALL_VALUES -> true;
                case FOR_ANY_VALUE -> false;
                case NONE -> ifExists || operator.negated();
            };
        }
        if (qualifier == Qualifier.FOR_ALL_VALUES) {
            for (String requestValue : requestValues) {
                if (!holds(requestValue, request)) {
                    return false;
                }
            }
            return true;
        }
        if (qualifier == Qualifier.FOR_ANY_VALUE || !operator.negated()) {
            for (String requestValue : requestValues) {
                if (holds(requestValue, request)) {
                    return true;
                }
            }
            return false;
        }
        for (String requestValue : requestValues) {
            if (!holds(requestValue, request)) {
                return false;
            }
        }
        return true;
    }

    /** The operator applied to one request value: readable, and matching a policy value (none, if negated). */
    private boolean holds(String requestValue, AccessRequest request) {
        Boolean matches = matchesAnyValue(requestValue, request);
        return matches != null && matches != operator.negated();
    }

    /** Whether {@code requestValue} matches any policy value; null when the operator cannot read it. */
    private Boolean matchesAnyValue(String requestValue, AccessRequest request) {
        Kind kind = operator.kind();
        switch (kind) {
            case STRING, STRING_IGNORING_CASE -> {
                for (Object value : values) {
                    String resolved = ((PolicyText) value).resolve(request);
                    if (resolved != null && (kind == Kind.STRING ? resolved.equals(requestValue)
                            : resolved.equalsIgnoreCase(requestValue))) {
                        return true;
                    }
                }
                return false;
            }
            case STRING_PATTERN -> {
                for (Object value : values) {
                    Wildcard pattern = value instanceof Wildcard wildcard ? wildcard : resolvedPattern((PolicyText) value, request);
                    if (pattern != null && pattern.matches(requestValue)) {
                        return true;
                    }
                }
                return false;
            }
            case ARN -> {
                if (!requestValue.startsWith("arn:")) {
                    return null;
                }
                for (Object value : values) {
                    ArnPattern pattern = value instanceof ArnPattern arn ? arn : resolvedArn((PolicyText) value, request);
                    if (pattern != null && pattern.matches(requestValue)) {
                        return true;
                    }
                }
                return false;
            }
            case NUMBER -> {
                BigDecimal number = number(requestValue);
                return number == null ? null : compareAny(number);
            }
            case DATE -> {
                Instant date = date(requestValue);
                return date == null ? null : compareAny(date);
            }
            case BOOLEAN -> {
                Boolean bool = bool(requestValue);
                return bool == null ? null : values.contains(bool);
            }
            case BINARY -> {
                byte[] bytes = binary(requestValue);
                if (bytes == null) {
                    return null;
                }
                for (Object value : values) {
                    if (Arrays.equals((byte[]) value, bytes)) {
                        return true;
                    }
                }
                return false;
            }
            case IP_ADDRESS -> {
                byte[] address = IpRange.address(requestValue);
                if (address == null) {
                    return null;
                }
                for (Object value : values) {
                    if (((IpRange) value).contains(address)) {
                        return true;
                    }
                }
                return false;
            }
            default -> throw new IllegalStateException("Null is evaluated on its own");
        }
    }

    @SuppressWarnings("unchecked")
    private <T extends Comparable<T>> boolean compareAny(T requestValue) {
        for (Object value : values) {
            if (operator.comparison().holds(requestValue.compareTo((T) value))) {
                return true;
            }
        }
        return false;
    }

    private static Wildcard resolvedPattern(PolicyText text, AccessRequest request) {
        int[] pattern = text.resolvePattern(request);
        return pattern == null ? null : Wildcard.ofCodePoints(text.text(), pattern, false);
    }

    private static ArnPattern resolvedArn(PolicyText text, AccessRequest request) {
        int[] pattern = text.resolvePattern(request);
        return pattern == null ? null : ArnPattern.of(text.text(), pattern);
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

    private static byte[] binary(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
