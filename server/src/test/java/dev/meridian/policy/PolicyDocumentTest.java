package dev.meridian.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The key policy language below HTTP: what parses, what is malformed (with AWS's texts), and the lockout check. */
class PolicyDocumentTest {
    private static final String ACCOUNT = "111122223333";
    private static final String ROOT = "arn:aws:iam::" + ACCOUNT + ":root";
    private static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/admin";

    private static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    private static String statement(String effect, String principal, String action) {
        return "{\"Effect\":\"" + effect + "\",\"Principal\":" + principal + ",\"Action\":" + action + ",\"Resource\":\"*\"}";
    }

    private static boolean allowsPutKeyPolicy(String text, String principal) {
        return PolicyDocument.parse(text).allows(principal, ACCOUNT, "kms:PutKeyPolicy");
    }

    private static void assertMalformed(String text, String message) {
        assertThatThrownBy(() -> PolicyDocument.parse(text)).isInstanceOf(MalformedPolicyException.class)
                .hasMessage(message);
    }

    @Test
    void theDefaultPolicyLetsTheAccountRootDoEverything() {
        PolicyDocument document = PolicyDocument.parse(PolicyDocument.defaultPolicy("aws", ACCOUNT));
        assertThat(document.allows(ROOT, ACCOUNT, "kms:PutKeyPolicy")).isTrue();
        assertThat(document.allows(ROOT, ACCOUNT, "kms:Encrypt")).isTrue();
        assertThat(document.allows("arn:aws:iam::444455556666:root", "444455556666", "kms:PutKeyPolicy")).isFalse();
        assertThat(PolicyDocument.defaultPolicy("aws-cn", ACCOUNT)).contains("\"arn:aws-cn:iam::" + ACCOUNT + ":root\"");
    }

    @Test
    void parsesBothVersionsSingleStatementsAndListsOfPrincipalsAndActions() {
        assertThat(allowsPutKeyPolicy("{\"Version\":\"2008-10-17\",\"Statement\":"
                + statement("Allow", "{\"AWS\":\"" + ROOT + "\"}", "\"kms:*\"") + "}", ROOT)).isTrue();
        assertThat(allowsPutKeyPolicy("{\"Statement\":" + statement("Allow", "\"*\"", "\"kms:*\"") + "}", ROLE)).isTrue();
        String lists = policy(statement("Allow", "{\"AWS\":[\"" + ROLE + "\",\"" + ROOT + "\"],\"Service\":\"s3.amazonaws.com\"}",
                "[\"kms:Encrypt\",\"kms:PutKeyPolicy\"]"));
        assertThat(allowsPutKeyPolicy(lists, ROLE)).isTrue();
        assertThat(PolicyDocument.parse(lists).allows(ROLE, ACCOUNT, "kms:Decrypt")).isFalse();
    }

    @Test
    void aPrincipalMatchesItselfItsAccountRootTheBareAccountOrEveryone() {
        assertThat(allowsPutKeyPolicy(policy(statement("Allow", "{\"AWS\":\"" + ROLE + "\"}", "\"kms:*\"")), ROLE)).isTrue();
        assertThat(allowsPutKeyPolicy(policy(statement("Allow", "{\"AWS\":\"" + ACCOUNT + "\"}", "\"kms:*\"")), ROLE)).isTrue();
        assertThat(allowsPutKeyPolicy(policy(statement("Allow", "{\"AWS\":\"" + ROOT + "\"}", "\"kms:*\"")), ROLE)).isTrue();
        assertThat(allowsPutKeyPolicy(policy(statement("Allow", "{\"AWS\":\"*\"}", "\"kms:*\"")), ROLE)).isTrue();
        assertThat(allowsPutKeyPolicy(policy(statement("Allow", "{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":role/other\"}",
                "\"kms:*\"")), ROLE)).isFalse();
        assertThat(allowsPutKeyPolicy(policy(statement("Allow", "{\"AWS\":\"arn:aws:iam::444455556666:root\"}", "\"kms:*\"")),
                ROLE)).isFalse();
        // A principal is never a pattern: only "*" alone stands for everyone; AWS refuses an ARN with a wildcard.
        assertMalformed(policy(statement("Allow", "{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":role/*\"}", "\"kms:*\"")),
                "Policy contains a statement with one or more invalid principals.");
    }

    @Test
    void actionsAreWildcardsMatchedInAnyLetterCase() {
        for (String action : new String[] {"\"*\"", "\"kms:*\"", "\"KMS:PutKeyPolicy\"", "\"kms:put*\"", "\"kms:PutKey?olicy\"",
                "\"kms:*Policy\""}) {
            assertThat(allowsPutKeyPolicy(policy(statement("Allow", "{\"AWS\":\"" + ROOT + "\"}", action)), ROOT))
                    .as(action).isTrue();
        }
        for (String action : new String[] {"\"kms:Get*\"", "\"kms:PutKeyPolicy?\"", "\"s3:*\"", "\"kms:Put.*\""}) {
            assertThat(allowsPutKeyPolicy(policy(statement("Allow", "{\"AWS\":\"" + ROOT + "\"}", action)), ROOT))
                    .as(action).isFalse();
        }
    }

    @Test
    void aDenyWinsAndAConditionalAllowDoesNotCountYet() {
        String allowAll = statement("Allow", "{\"AWS\":\"" + ROOT + "\"}", "\"kms:*\"");
        assertThat(allowsPutKeyPolicy(policy(allowAll, statement("Deny", "\"*\"", "\"kms:PutKeyPolicy\"")), ROOT)).isFalse();
        assertThat(allowsPutKeyPolicy(policy(statement("Deny", "\"*\"", "\"kms:Put*\""), allowAll), ROOT)).isFalse();
        assertThat(allowsPutKeyPolicy(policy(allowAll, statement("Deny", "\"*\"", "\"kms:Encrypt\"")), ROOT)).isTrue();
        String conditional = "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ROOT + "\"},\"Action\":\"kms:*\","
                + "\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}";
        assertThat(allowsPutKeyPolicy(policy(conditional), ROOT)).isFalse();
        assertThat(allowsPutKeyPolicy(policy(conditional, allowAll), ROOT)).isTrue();
    }

    @Test
    void textThatIsNotJsonHasNoMessageAsInAws() {
        for (String text : new String[] {"not json", "{", "{\"Statement\": [", "{} }", "[1] x"}) {
            assertMalformed(text, null);
        }
    }

    @Test
    void malformedStructuresAreRefusedWithTheirReason() {
        assertMalformed("[]", "The policy must be a JSON object.");
        assertMalformed("\"text\"", "The policy must be a JSON object.");
        assertMalformed("{\"Version\":\"2020-01-01\",\"Statement\":[]}", "The policy version is not supported: \"2020-01-01\"");
        assertMalformed("{\"Version\":2012,\"Statement\":[]}", "The policy version is not supported: 2012");
        assertMalformed("{\"Version\":\"2012-10-17\"}", "The policy has no statement.");
        assertMalformed(policy(), "The policy has no statement.");
        assertMalformed("{\"Statement\":\"text\"}", "The policy has no statement.");
        assertMalformed(policy("\"text\""), "A policy statement must be a JSON object.");
        assertMalformed(policy("{\"Principal\":\"*\",\"Action\":\"kms:*\"}"), "Policy statement effect must be Allow or Deny.");
        assertMalformed(policy(statement("allow", "\"*\"", "\"kms:*\"")), "Policy statement effect must be Allow or Deny.");
        assertMalformed(policy("{\"Effect\":\"Allow\",\"Action\":\"kms:*\"}"), "Policy contains a statement with no principal.");
        assertMalformed(policy(statement("Allow", "\"someone\"", "\"kms:*\"")),
                "Policy contains a statement with one or more invalid principals.");
        assertMalformed(policy(statement("Allow", "{}", "\"kms:*\"")),
                "Policy contains a statement with one or more invalid principals.");
        assertMalformed(policy(statement("Allow", "{\"AWS\":5}", "\"kms:*\"")), "Policy contains an invalid principal.");
        assertMalformed(policy(statement("Allow", "{\"AWS\":[\"" + ROOT + "\",5]}", "\"kms:*\"")),
                "Policy contains an invalid principal.");
        assertMalformed(policy("{\"Effect\":\"Allow\",\"Principal\":\"*\"}"), "Policy contains a statement with no action.");
        assertMalformed(policy(statement("Allow", "\"*\"", "{\"a\":1}")), "Policy contains an invalid action.");
        assertMalformed(policy(statement("Allow", "\"*\"", "[\"kms:*\",true]")), "Policy contains an invalid action.");
    }

    @Test
    void hostileWildcardsAreCheckedWithTheRightAnswer() {
        // Forty stars then a letter that never comes: exponential for a backtracking regular expression.
        String hostile = policy(statement("Allow", "{\"AWS\":\"" + ROOT + "\"}", "\"kms:" + "*".repeat(40) + "z\""));
        assertThat(allowsPutKeyPolicy(hostile, ROOT)).isFalse();
        String alternating = policy(statement("Allow", "{\"AWS\":\"" + ROOT + "\"}",
                "\"kms:" + "*?".repeat(20_000) + "z\""));
        assertThat(allowsPutKeyPolicy(alternating, ROOT)).isFalse();
        String many = policy(statement("Allow", "{\"AWS\":\"" + ROOT + "\"}",
                "[" + ("\"kms:" + "*e".repeat(50) + "z\",").repeat(500) + "\"kms:Put*\"]"));
        assertThat(allowsPutKeyPolicy(many, ROOT)).isTrue();
    }
    @Test
    void readsTheRequestContextOnlyWithAConditionOrAResourceWithAPolicyVariable() {
        assertThat(PolicyDocument.parse(PolicyDocument.defaultPolicy("aws", ACCOUNT)).readsRequestContext()).isFalse();
        assertThat(PolicyDocument.parseIdentityPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"arn:aws:kms:*:" + ACCOUNT + ":key/*\"}]}")
                .readsRequestContext()).isFalse();
        assertThat(PolicyDocument.parseIdentityPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":"
                + "\"kms:Decrypt\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":"
                + "\"false\"}}}]}").readsRequestContext()).isTrue();
        assertThat(PolicyDocument.parseIdentityPolicy("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":"
                + "\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"arn:aws:kms:*:*:alias/${aws:username}\"}}")
                .readsRequestContext()).isTrue();
        // Without version 2012-10-17, ${...} is plain text, not a variable.
        assertThat(PolicyDocument.parseIdentityPolicy("{\"Statement\":{\"Effect\":"
                + "\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"arn:aws:kms:*:*:alias/${aws:username}\"}}")
                .readsRequestContext()).isFalse();
    }
}
