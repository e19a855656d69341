package dev.meridian.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.AccountId;
import dev.meridian.model.Partition;
import dev.meridian.model.Principal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every IAM condition operator, true and false, with {@code IfExists}, the set operators (empty and absent keys
 * included), {@code Null}, and the faults a condition can have. Each case is one Allow statement whose only
 * condition is the one under test, evaluated against a request with the given condition key values.
 */
class ConditionOperatorsTest {
    private static final AccountId ACCOUNT = AccountId.of("111122223333");
    private static final Principal USER = Principal.user(ACCOUNT, Partition.AWS, "/", "alice", "AIDAALICE", "AKIAALICE");
    private static final String KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    /** A condition key absent from the request. */
    private static final List<String> ABSENT = null;

    private static boolean holds(String operator, String key, String policyValues, List<String> requestValues) {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":{\"" + operator + "\":{\"" + key + "\":"
                + policyValues + "}}}}";
        ConditionContext.Builder context = ConditionContext.builder();
        context.putAll(key, requestValues);
        return PolicyDocument.parse(policy).evaluate(new AccessRequest(USER, "kms:Encrypt", KEY_ARN, context.build()))
                == Decision.ALLOWED;
    }

    private static Arguments is(boolean expected, String operator, String key, String policyValues, List<String> request) {
        return Arguments.of(expected, operator, key, policyValues, request);
    }

    static Stream<Arguments> cases() {
        String purpose = "kms:EncryptionContext:purpose";
        return Stream.of(
                // String operators: case-sensitive values, policy values OR-ed; negated ones true when absent.
                is(true, "StringEquals", purpose, "\"backup\"", List.of("backup")),
                is(true, "StringEquals", purpose, "[\"x\",\"backup\"]", List.of("backup")),
                is(false, "StringEquals", purpose, "\"backup\"", List.of("Backup")),
                is(false, "StringEquals", purpose, "\"back*\"", List.of("backup")),
                is(false, "StringEquals", purpose, "\"backup\"", ABSENT),
                is(true, "StringNotEquals", purpose, "\"backup\"", List.of("other")),
                is(false, "StringNotEquals", purpose, "[\"x\",\"backup\"]", List.of("backup")),
                is(true, "StringNotEquals", purpose, "\"backup\"", ABSENT),
                is(true, "StringEqualsIgnoreCase", purpose, "\"BACKUP\"", List.of("backup")),
                is(false, "StringEqualsIgnoreCase", purpose, "\"backups\"", List.of("backup")),
                is(true, "StringNotEqualsIgnoreCase", purpose, "\"x\"", List.of("backup")),
                is(false, "StringNotEqualsIgnoreCase", purpose, "\"BACKUP\"", List.of("backup")),
                is(true, "StringNotEqualsIgnoreCase", purpose, "\"x\"", ABSENT),
                is(true, "StringLike", purpose, "\"back*\"", List.of("backup")),
                is(true, "StringLike", purpose, "\"b?ckup\"", List.of("backup")),
                is(false, "StringLike", purpose, "\"Back*\"", List.of("backup")),
                is(false, "StringLike", purpose, "\"*\"", ABSENT),
                is(true, "StringNotLike", purpose, "\"x*\"", List.of("backup")),
                is(false, "StringNotLike", purpose, "[\"x*\",\"*up\"]", List.of("backup")),
                is(true, "StringNotLike", purpose, "\"*\"", ABSENT),
                // The name part of kms:EncryptionContext:NAME in any case (KMS: "The key name is not case sensitive").
                is(true, "StringEquals", "kms:EncryptionContext:PURPOSE", "\"backup\"", List.of("backup")),
                is(true, "StringEquals", "KMS:encryptioncontext:Purpose", "\"backup\"", List.of("backup")),
                // Numeric.
                is(true, "NumericEquals", "kms:GrantCount", "\"10\"", List.of("10")),
                is(true, "NumericEquals", "kms:GrantCount", "10", List.of("10.0")),
                is(false, "NumericEquals", "kms:GrantCount", "\"10\"", List.of("11")),
                is(false, "NumericEquals", "kms:GrantCount", "\"10\"", List.of("ten")),
                is(true, "NumericNotEquals", "kms:GrantCount", "\"10\"", List.of("11")),
                is(false, "NumericNotEquals", "kms:GrantCount", "\"10\"", List.of("10")),
                is(false, "NumericNotEquals", "kms:GrantCount", "\"10\"", List.of("ten")),
                is(true, "NumericNotEquals", "kms:GrantCount", "\"10\"", ABSENT),
                is(true, "NumericLessThan", "kms:GrantCount", "\"10\"", List.of("9")),
                is(false, "NumericLessThan", "kms:GrantCount", "\"10\"", List.of("10")),
                is(true, "NumericLessThanEquals", "kms:GrantCount", "\"10\"", List.of("10")),
                is(false, "NumericLessThanEquals", "kms:GrantCount", "\"10\"", List.of("10.5")),
                is(true, "NumericGreaterThan", "kms:GrantCount", "\"10\"", List.of("10.5")),
                is(false, "NumericGreaterThan", "kms:GrantCount", "\"10\"", List.of("10")),
                is(true, "NumericGreaterThanEquals", "kms:GrantCount", "\"-1\"", List.of("-1")),
                is(false, "NumericGreaterThanEquals", "kms:GrantCount", "\"0\"", List.of("-1")),
                is(false, "NumericGreaterThanEquals", "kms:GrantCount", "\"0\"", ABSENT),
                // Dates: ISO 8601 (with offset, fraction, date alone) and epoch seconds, compared as instants.
                is(true, "DateEquals", "aws:CurrentTime", "\"2026-01-01T00:00:00Z\"", List.of("2026-01-01T01:00:00+01:00")),
                is(true, "DateEquals", "aws:CurrentTime", "\"2026-01-01\"", List.of("2026-01-01T00:00:00.000Z")),
                is(true, "DateEquals", "aws:CurrentTime", "\"1767225600\"", List.of("2026-01-01T00:00:00Z")),
                is(false, "DateEquals", "aws:CurrentTime", "\"2026-01-01T00:00:00Z\"", List.of("2026-01-01T00:00:01Z")),
                is(false, "DateEquals", "aws:CurrentTime", "\"2026-01-01T00:00:00Z\"", List.of("yesterday")),
                is(true, "DateNotEquals", "aws:CurrentTime", "\"2026-01-01T00:00:00Z\"", List.of("2026-01-02T00:00:00Z")),
                is(false, "DateNotEquals", "aws:CurrentTime", "\"2026-01-01T00:00:00Z\"", List.of("1767225600")),
                is(true, "DateLessThan", "aws:CurrentTime", "\"2026-01-01T00:00:00Z\"", List.of("2025-12-31T23:59:59Z")),
                is(false, "DateLessThan", "aws:CurrentTime", "\"2026-01-01T00:00:00Z\"", List.of("2026-01-01T00:00:00Z")),
                is(true, "DateLessThanEquals", "aws:CurrentTime", "\"2026-01-01T00:00:00Z\"", List.of("2026-01-01T00:00:00Z")),
                is(false, "DateLessThanEquals", "aws:CurrentTime", "\"2026-01-01T00:00:00Z\"", List.of("2026-01-01T00:00:00.001Z")),
                is(true, "DateGreaterThan", "aws:EpochTime", "\"2026-01-01T00:00:00Z\"", List.of("1767225601")),
                is(false, "DateGreaterThan", "aws:EpochTime", "\"2026-01-01T00:00:00Z\"", List.of("1767225600")),
                is(true, "DateGreaterThanEquals", "aws:CurrentTime", "\"2026-01-01T00:00:00Z\"", List.of("2026-01-01T00:00:00Z")),
                is(false, "DateGreaterThanEquals", "aws:CurrentTime", "\"2026-01-01T00:00:00Z\"", List.of("2025-06-01T00:00:00Z")),
                is(false, "DateGreaterThan", "aws:CurrentTime", "\"2020-01-01T00:00:00Z\"", ABSENT),
                // Bool: string or JSON boolean, either letter case.
                is(true, "Bool", "aws:SecureTransport", "\"true\"", List.of("true")),
                is(true, "Bool", "aws:SecureTransport", "true", List.of("TRUE")),
                is(false, "Bool", "aws:SecureTransport", "\"true\"", List.of("false")),
                is(false, "Bool", "aws:SecureTransport", "\"false\"", ABSENT),
                is(false, "Bool", "aws:SecureTransport", "\"true\"", List.of("yes")),
                // BinaryEquals: base64 on both sides, compared as bytes.
                is(true, "BinaryEquals", "kms:SomeBinary", "\"QmluYXJ5\"", List.of("QmluYXJ5")),
                is(false, "BinaryEquals", "kms:SomeBinary", "\"QmluYXJ5\"", List.of("QmluYXJa")),
                is(false, "BinaryEquals", "kms:SomeBinary", "\"QmluYXJ5\"", ABSENT),
                // IP addresses: CIDR, single addresses, IPv6; an IPv4 address is never in an IPv6 range.
                is(true, "IpAddress", "aws:SourceIp", "\"203.0.113.0/24\"", List.of("203.0.113.7")),
                is(false, "IpAddress", "aws:SourceIp", "\"203.0.113.0/24\"", List.of("203.0.114.7")),
                is(true, "IpAddress", "aws:SourceIp", "\"10.0.0.0/13\"", List.of("10.7.255.255")),
                is(false, "IpAddress", "aws:SourceIp", "\"10.0.0.0/13\"", List.of("10.8.0.0")),
                is(true, "IpAddress", "aws:SourceIp", "[\"192.0.2.1\",\"127.0.0.1\"]", List.of("127.0.0.1")),
                is(true, "IpAddress", "aws:SourceIp", "\"2001:db8::/32\"", List.of("2001:db8:85a3::8a2e:370:7334")),
                is(false, "IpAddress", "aws:SourceIp", "\"2001:db8::/32\"", List.of("2001:db9::1")),
                is(true, "IpAddress", "aws:SourceIp", "\"::1\"", List.of("0:0:0:0:0:0:0:1")),
                is(true, "IpAddress", "aws:SourceIp", "\"::ffff:0:0/96\"", List.of("::ffff:192.0.2.128")),
                is(false, "IpAddress", "aws:SourceIp", "\"0.0.0.0/0\"", List.of("::1")),
                is(false, "IpAddress", "aws:SourceIp", "\"0.0.0.0/0\"", List.of("localhost")),
                is(false, "IpAddress", "aws:SourceIp", "\"0.0.0.0/0\"", ABSENT),
                is(true, "NotIpAddress", "aws:SourceIp", "\"203.0.113.0/24\"", List.of("198.51.100.1")),
                is(false, "NotIpAddress", "aws:SourceIp", "\"203.0.113.0/24\"", List.of("203.0.113.1")),
                is(true, "NotIpAddress", "aws:SourceIp", "\"203.0.113.0/24\"", ABSENT),
                // ARNs: each of the six parts matched on its own; ArnEquals and ArnLike alike.
                is(true, "ArnEquals", "aws:PrincipalArn", "\"arn:aws:iam::111122223333:role/app\"",
                        List.of("arn:aws:iam::111122223333:role/app")),
                is(false, "ArnEquals", "aws:PrincipalArn", "\"arn:aws:iam::111122223333:role/app\"",
                        List.of("arn:aws:iam::111122223333:role/App")),
                is(true, "ArnLike", "aws:PrincipalArn", "\"arn:aws:iam::*:role/*\"",
                        List.of("arn:aws:iam::111122223333:role/path/app")),
                is(false, "ArnLike", "aws:PrincipalArn", "\"arn:aws:iam::*:role/*\"",
                        List.of("arn:aws:sts::111122223333:assumed-role/app/s")),
                is(false, "ArnLike", "aws:PrincipalArn", "\"arn:aws:*:role/*\"",
                        List.of("arn:aws:iam::111122223333:role/app")),
                is(true, "ArnLike", "aws:PrincipalArn", "\"*\"", List.of("arn:aws:iam::111122223333:user/x")),
                is(false, "ArnLike", "aws:PrincipalArn", "\"*\"", List.of("not an arn")),
                is(true, "ArnNotEquals", "aws:PrincipalArn", "\"arn:aws:iam::111122223333:role/app\"",
                        List.of("arn:aws:iam::111122223333:role/other")),
                is(false, "ArnNotEquals", "aws:PrincipalArn", "\"arn:aws:iam::111122223333:role/app\"",
                        List.of("arn:aws:iam::111122223333:role/app")),
                is(true, "ArnNotLike", "aws:SourceArn", "\"arn:aws:s3:::bucket/*\"", ABSENT),
                is(false, "ArnNotLike", "aws:SourceArn", "\"arn:aws:s3:::bucket/*\"", List.of("arn:aws:s3:::bucket/a:b")),
                // IfExists: an absent key matches; a present one is compared.
                is(true, "StringEqualsIfExists", purpose, "\"backup\"", ABSENT),
                is(true, "StringEqualsIfExists", purpose, "\"backup\"", List.of("backup")),
                is(false, "StringEqualsIfExists", purpose, "\"backup\"", List.of("other")),
                is(true, "NumericLessThanIfExists", "kms:GrantCount", "\"3\"", ABSENT),
                is(false, "BoolIfExists", "aws:SecureTransport", "\"true\"", List.of("false")),
                is(true, "IpAddressIfExists", "aws:SourceIp", "\"10.0.0.0/8\"", ABSENT),
                is(true, "ArnLikeIfExists", "aws:SourceArn", "\"arn:*\"", ABSENT),
                is(true, "DateLessThanIfExists", "aws:CurrentTime", "\"2020-01-01\"", ABSENT),
                is(true, "BinaryEqualsIfExists", "kms:SomeBinary", "\"QQ==\"", ABSENT),
                // Null: true when absent (or empty), false when present.
                is(true, "Null", purpose, "\"true\"", ABSENT),
                is(true, "Null", purpose, "\"true\"", List.of()),
                is(false, "Null", purpose, "\"true\"", List.of("backup")),
                is(true, "Null", purpose, "false", List.of("backup")),
                is(false, "Null", purpose, "\"false\"", ABSENT),
                // Set operators.
                is(true, "ForAllValues:StringEquals", "aws:TagKeys", "[\"a\",\"b\"]", List.of("a", "b")),
                is(true, "ForAllValues:StringEquals", "aws:TagKeys", "[\"a\",\"b\"]", List.of("b")),
                is(false, "ForAllValues:StringEquals", "aws:TagKeys", "[\"a\",\"b\"]", List.of("a", "c")),
                is(true, "ForAllValues:StringEquals", "aws:TagKeys", "[\"a\",\"b\"]", List.of()),
                is(true, "ForAllValues:StringEquals", "aws:TagKeys", "[\"a\",\"b\"]", ABSENT),
                is(true, "ForAllValues:StringLike", "aws:TagKeys", "\"Created*\"", List.of("CreatedBy", "CreatedAt")),
                is(true, "ForAllValues:StringNotEquals", "aws:TagKeys", "[\"a\",\"b\"]", List.of("c", "d")),
                is(false, "ForAllValues:StringNotEquals", "aws:TagKeys", "[\"a\",\"b\"]", List.of("c", "a")),
                is(true, "ForAnyValue:StringEquals", "aws:TagKeys", "[\"a\",\"b\"]", List.of("c", "a")),
                is(false, "ForAnyValue:StringEquals", "aws:TagKeys", "[\"a\",\"b\"]", List.of("c", "d")),
                is(false, "ForAnyValue:StringEquals", "aws:TagKeys", "[\"a\",\"b\"]", List.of()),
                is(false, "ForAnyValue:StringEquals", "aws:TagKeys", "[\"a\",\"b\"]", ABSENT),
                is(false, "ForAnyValue:StringEqualsIfExists", "aws:TagKeys", "[\"a\",\"b\"]", ABSENT),
                is(true, "ForAllValues:StringEqualsIfExists", "aws:TagKeys", "[\"a\",\"b\"]", ABSENT),
                is(true, "ForAnyValue:StringNotEquals", "aws:TagKeys", "[\"a\",\"b\"]", List.of("a", "c")),
                is(false, "ForAnyValue:StringNotEquals", "aws:TagKeys", "[\"a\",\"b\"]", List.of("a", "b")),
                is(false, "ForAnyValue:StringNotEquals", "aws:TagKeys", "[\"a\",\"b\"]", ABSENT),
                is(true, "ForAnyValue:StringLike", "kms:ResourceAliases", "\"alias/prod-*\"",
                        List.of("alias/test", "alias/prod-db")),
                is(true, "ForAnyValue:NumericGreaterThan", "kms:Sizes", "\"10\"", List.of("1", "11")),
                is(false, "ForAllValues:NumericGreaterThan", "kms:Sizes", "\"10\"", List.of("1", "11")),
                // Without a qualifier, a multivalued key matches when any value does; negated, when none does.
                is(true, "StringEquals", "kms:GrantOperations", "\"Decrypt\"", List.of("Encrypt", "Decrypt")),
                is(false, "StringNotEquals", "kms:GrantOperations", "\"Decrypt\"", List.of("Encrypt", "Decrypt")),
                is(true, "StringNotEquals", "kms:GrantOperations", "\"Decrypt\"", List.of("Encrypt", "Sign")),
                // Operator names in any letter case.
                is(true, "stringequals", purpose, "\"backup\"", List.of("backup")),
                is(true, "forallvalues:StringEqualsIfExists", "aws:TagKeys", "\"a\"", List.of("a")));
    }

    @ParameterizedTest(name = "{1} {2} {3} vs {4}: {0}")
    @MethodSource("cases")
    void everyOperatorAsIamEvaluatesIt(boolean expected, String operator, String key, String policyValues,
            List<String> requestValues) {
        assertThat(holds(operator, key, policyValues, requestValues)).isEqualTo(expected);
    }

    @Test
    void keysOfOneOperatorAndOperatorsOfOneConditionAreAndedValuesOred() {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":{"
                + "\"StringEquals\":{\"kms:EncryptionContext:a\":[\"1\",\"2\"],\"kms:EncryptionContext:b\":\"3\"},"
                + "\"Bool\":{\"aws:SecureTransport\":\"true\"}}}}";
        PolicyDocument document = PolicyDocument.parse(policy);
        ConditionContext all = ConditionContext.builder().put("kms:EncryptionContext:a", "2")
                .put("kms:EncryptionContext:b", "3").put("aws:SecureTransport", "true").build();
        assertThat(document.evaluate(new AccessRequest(USER, "kms:Decrypt", KEY_ARN, all))).isEqualTo(Decision.ALLOWED);
        for (String missing : List.of("kms:encryptioncontext:a", "kms:encryptioncontext:b", "aws:securetransport")) {
            ConditionContext.Builder partial = ConditionContext.builder();
            all.asMap().forEach((key, values) -> {
                if (!key.equals(missing)) {
                    partial.putAll(key, values);
                }
            });
            assertThat(document.evaluate(new AccessRequest(USER, "kms:Decrypt", KEY_ARN, partial.build())))
                    .as(missing).isEqualTo(Decision.NOT_ALLOWED);
        }
    }

    static Stream<Arguments> malformedConditions() {
        return Stream.of(
                Arguments.of("\"StringEqualz\":{\"k:k\":\"v\"}",
                        "Policy contains a statement with an unknown condition operator: StringEqualz."),
                Arguments.of("\"NullIfExists\":{\"k:k\":\"true\"}",
                        "Policy contains a statement with an unknown condition operator: NullIfExists."),
                Arguments.of("\"ForSomeValues:StringEquals\":{\"k:k\":\"v\"}",
                        "Policy contains a statement with an unknown condition operator: ForSomeValues:StringEquals."),
                Arguments.of("\"StringEquals\":\"v\"",
                        "Policy contains an invalid condition block for StringEquals."),
                Arguments.of("\"StringEquals\":{}",
                        "Policy contains an invalid condition block for StringEquals."),
                Arguments.of("\"StringEquals\":{\"k:k\":{\"a\":1}}",
                        "Policy contains an invalid value for the condition operator StringEquals: {\"a\":1}."),
                Arguments.of("\"StringEquals\":{\"k:k\":[\"a\",null]}",
                        "Policy contains an invalid value for the condition operator StringEquals: null."),
                Arguments.of("\"NumericLessThan\":{\"k:k\":\"ten\"}",
                        "Policy contains an invalid value for the condition operator NumericLessThan: ten."),
                Arguments.of("\"DateGreaterThan\":{\"k:k\":\"tomorrow\"}",
                        "Policy contains an invalid value for the condition operator DateGreaterThan: tomorrow."),
                Arguments.of("\"Bool\":{\"k:k\":\"yes\"}",
                        "Policy contains an invalid value for the condition operator Bool: yes."),
                Arguments.of("\"Null\":{\"k:k\":\"1\"}",
                        "Policy contains an invalid value for the condition operator Null: 1."),
                Arguments.of("\"BinaryEquals\":{\"k:k\":\"not base64!\"}",
                        "Policy contains an invalid value for the condition operator BinaryEquals: not base64!."),
                Arguments.of("\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/33\"}",
                        "Policy contains an invalid value for the condition operator IpAddress: 10.0.0.0/33."),
                Arguments.of("\"IpAddress\":{\"aws:SourceIp\":\"example.com\"}",
                        "Policy contains an invalid value for the condition operator IpAddress: example.com."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedConditions")
    void malformedConditionsAreRefused(String condition, String message) {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":{" + condition + "}}}";
        assertThatThrownBy(() -> PolicyDocument.parse(policy)).isInstanceOf(MalformedPolicyException.class)
                .hasMessage(message);
    }

    @Test
    void aConditionThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> PolicyDocument.parse("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"kms:*\",\"Condition\":[]}}")).isInstanceOf(MalformedPolicyException.class)
                .hasMessage("Policy contains a statement with an invalid condition.");
    }
}
