package dev.meridian.policy;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The condition operators of the IAM policy language, without their {@code ...IfExists} suffix and
 * {@code ForAnyValue:}/{@code ForAllValues:} prefix: the kind of values they compare, how, and whether they are
 * negated ({@code StringNotEquals}: true when no policy value matches, and when the key is absent).
 */
enum ConditionOperator {
    STRING_EQUALS("StringEquals", Kind.STRING, Comparison.EQUAL, false),
    STRING_NOT_EQUALS("StringNotEquals", Kind.STRING, Comparison.EQUAL, true),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", Kind.STRING_IGNORING_CASE, Comparison.EQUAL, false),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", Kind.STRING_IGNORING_CASE, Comparison.EQUAL, true),
    STRING_LIKE("StringLike", Kind.STRING_PATTERN, Comparison.EQUAL, false),
    STRING_NOT_LIKE("StringNotLike", Kind.STRING_PATTERN, Comparison.EQUAL, true),
    NUMERIC_EQUALS("NumericEquals", Kind.NUMBER, Comparison.EQUAL, false),
    NUMERIC_NOT_EQUALS("NumericNotEquals", Kind.NUMBER, Comparison.EQUAL, true),
    NUMERIC_LESS_THAN("NumericLessThan", Kind.NUMBER, Comparison.LESS, false),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Kind.NUMBER, Comparison.LESS_OR_EQUAL, false),
    NUMERIC_GREATER_THAN("NumericGreaterThan", Kind.NUMBER, Comparison.GREATER, false),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Kind.NUMBER, Comparison.GREATER_OR_EQUAL, false),
    DATE_EQUALS("DateEquals", Kind.DATE, Comparison.EQUAL, false),
    DATE_NOT_EQUALS("DateNotEquals", Kind.DATE, Comparison.EQUAL, true),
    DATE_LESS_THAN("DateLessThan", Kind.DATE, Comparison.LESS, false),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", Kind.DATE, Comparison.LESS_OR_EQUAL, false),
    DATE_GREATER_THAN("DateGreaterThan", Kind.DATE, Comparison.GREATER, false),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", Kind.DATE, Comparison.GREATER_OR_EQUAL, false),
    BOOL("Bool", Kind.BOOLEAN, Comparison.EQUAL, false),
    BINARY_EQUALS("BinaryEquals", Kind.BINARY, Comparison.EQUAL, false),
    IP_ADDRESS("IpAddress", Kind.IP_ADDRESS, Comparison.EQUAL, false),
    NOT_IP_ADDRESS("NotIpAddress", Kind.IP_ADDRESS, Comparison.EQUAL, true),
    ARN_EQUALS("ArnEquals", Kind.ARN, Comparison.EQUAL, false),
    ARN_LIKE("ArnLike", Kind.ARN, Comparison.EQUAL, false),
    ARN_NOT_EQUALS("ArnNotEquals", Kind.ARN, Comparison.EQUAL, true),
    ARN_NOT_LIKE("ArnNotLike", Kind.ARN, Comparison.EQUAL, true),
    NULL("Null", Kind.NULL, Comparison.EQUAL, false);

    /** What an operator's values are and how a request's value is read to compare with them. */
    enum Kind { STRING, STRING_IGNORING_CASE, STRING_PATTERN, NUMBER, DATE, BOOLEAN, BINARY, IP_ADDRESS, ARN, NULL }

    /** How a request's value must relate to a policy's value (request value first: {@code LESS} is value < policy). */
    enum Comparison {
        EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL;

        /** Whether {@code comparison} (request value compared to policy value, as {@code compareTo}) satisfies it. */
        boolean holds(int comparison) {
            return switch (this) {
                case EQUAL -> comparison == 0;
                case LESS -> comparison < 0;
                case LESS_OR_EQUAL -> comparison <= 0;
                case GREATER -> comparison > 0;
                case GREATER_OR_EQUAL -> comparison >= 0;
            };
        }
    }

    private static final Map<String, ConditionOperator> BY_NAME = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(operator -> operator.policyName.toLowerCase(Locale.ROOT),
                    Function.identity()));

    private final String policyName;
    private final Kind kind;
    private final Comparison comparison;
    private final boolean negated;

    ConditionOperator(String policyName, Kind kind, Comparison comparison, boolean negated) {
        this.policyName = policyName;
        this.kind = kind;
        this.comparison = comparison;
        this.negated = negated;
    }

    /** The operator named {@code name} (without suffix or prefix, any letter case), or null when there is none. */
    static ConditionOperator named(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    String policyName() {
        return policyName;
    }

    Kind kind() {
        return kind;
    }

    Comparison comparison() {
        return comparison;
    }

    boolean negated() {
        return negated;
    }
}
