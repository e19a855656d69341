package dev.meridian.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.AccountId;
import dev.meridian.model.Partition;
import dev.meridian.model.Principal;
import dev.meridian.model.PrincipalType;
import org.junit.jupiter.api.Test;

/**
 * Evaluation of whole policies below HTTP: principals of each kind (account, root, user, role and its sessions,
 * session, everyone, services), NotPrincipal, Action/NotAction, Resource/NotResource, explicit deny, the
 * account-versus-principal result, policy variables, and the three kinds of policy.
 */
class PolicyEvaluationTest {
    private static final AccountId ACCOUNT = AccountId.of("111122223333");
    private static final AccountId OTHER = AccountId.of("444455556666");
    private static final String KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String OTHER_KEY = "arn:aws:kms:us-east-1:111122223333:key/0000abcd-12ab-34cd-56ef-1234567890ab";

    private static final Principal ROOT = Principal.root(ACCOUNT, Partition.AWS, "AKIAROOT");
    private static final Principal ALICE = Principal.user(ACCOUNT, Partition.AWS, "/", "alice", "AIDAALICE", "AKIAALICE");
    private static final Principal BOB = Principal.user(ACCOUNT, Partition.AWS, "/team/", "bob", "AIDABOB", "AKIABOB");
    private static final Principal SESSION = Principal.assumedRole(ACCOUNT, Partition.AWS, "/", "app", "AROAAPP",
            "run-1", "ASIARUN1");
    private static final Principal OTHER_SESSION = Principal.assumedRole(ACCOUNT, Partition.AWS, "/", "app", "AROAAPP",
            "run-2", "ASIARUN2");
    private static final Principal STRANGER = Principal.user(OTHER, Partition.AWS, "/", "carol", "AIDACAROL", "AKIACAROL");
    private static final Principal SERVICE = new Principal(PrincipalType.AWS_SERVICE, ACCOUNT, "dynamodb.amazonaws.com",
            "dynamodb.amazonaws.com", null, null, null, null, null);

    private static String keyPolicy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    private static String allow(String principal, String action) {
        return "{\"Effect\":\"Allow\",\"Principal\":" + principal + ",\"Action\":\"" + action + "\",\"Resource\":\"*\"}";
    }

    private static String aws(String value) {
        return "{\"AWS\":\"" + value + "\"}";
    }

    private static AccessRequest request(Principal principal, String action, String resource) {
        return new AccessRequest(principal, action, resource, ConditionContext.EMPTY);
    }

    private static Evaluation evaluate(String policy, Principal principal) {
        return PolicyDocument.parse(policy).evaluation(request(principal, "kms:Encrypt", KEY_ARN));
    }

    @Test
    void anAccountIdOrRootArnNamesEveryPrincipalOfTheAccountThroughTheAccount() {
        for (String named : new String[] {"111122223333", "arn:aws:iam::111122223333:root"}) {
            String policy = keyPolicy(allow(aws(named), "kms:*"));
            for (Principal principal : new Principal[] {ROOT, ALICE, BOB, SESSION}) {
                assertThat(evaluate(policy, principal)).as(named + " " + principal.arn())
                        .isEqualTo(Evaluation.ALLOWED_THROUGH_ACCOUNT);
            }
            assertThat(evaluate(policy, STRANGER)).isEqualTo(Evaluation.NOT_ALLOWED);
        }
    }

    @Test
    void aUserArnNamesThatUserItself() {
        String policy = keyPolicy(allow(aws(ALICE.arn()), "kms:Encrypt"));
        assertThat(evaluate(policy, ALICE)).isEqualTo(Evaluation.ALLOWED);
        assertThat(evaluate(policy, BOB)).isEqualTo(Evaluation.NOT_ALLOWED);
        assertThat(evaluate(policy, ROOT)).isEqualTo(Evaluation.NOT_ALLOWED);
        assertThat(evaluate(keyPolicy(allow(aws("arn:aws:iam::111122223333:user/team/bob"), "kms:*")), BOB))
                .isEqualTo(Evaluation.ALLOWED);
    }

    @Test
    void aRoleArnNamesEachOfItsSessionsAndASessionArnOnlyThatSession() {
        String role = keyPolicy(allow(aws("arn:aws:iam::111122223333:role/app"), "kms:*"));
        assertThat(evaluate(role, SESSION)).isEqualTo(Evaluation.ALLOWED);
        assertThat(evaluate(role, OTHER_SESSION)).isEqualTo(Evaluation.ALLOWED);
        assertThat(evaluate(role, ALICE)).isEqualTo(Evaluation.NOT_ALLOWED);
        String session = keyPolicy(allow(aws(SESSION.arn()), "kms:*"));
        assertThat(evaluate(session, SESSION)).isEqualTo(Evaluation.ALLOWED);
        assertThat(evaluate(session, OTHER_SESSION)).isEqualTo(Evaluation.NOT_ALLOWED);
    }

    @Test
    void everyoneIsAnyPrincipalOfAnyAccountByItself() {
        for (String everyone : new String[] {"\"*\"", aws("*")}) {
            for (Principal principal : new Principal[] {ROOT, ALICE, SESSION, STRANGER, SERVICE}) {
                assertThat(evaluate(keyPolicy(allow(everyone, "kms:*")), principal)).isEqualTo(Evaluation.ALLOWED);
            }
        }
    }

    @Test
    void serviceAndFederatedPrincipals() {
        String service = keyPolicy(allow("{\"Service\":[\"dynamodb.amazonaws.com\"]}", "kms:*"));
        assertThat(evaluate(service, SERVICE)).isEqualTo(Evaluation.ALLOWED);
        assertThat(evaluate(service, ROOT)).isEqualTo(Evaluation.NOT_ALLOWED);
        assertThat(evaluate(keyPolicy(allow("{\"Service\":\"s3.amazonaws.com\"}", "kms:*")), SERVICE))
                .isEqualTo(Evaluation.NOT_ALLOWED);
        // An account naming the service's account does not name the service.
        assertThat(evaluate(keyPolicy(allow(aws("111122223333"), "kms:*")), SERVICE)).isEqualTo(Evaluation.NOT_ALLOWED);
        String federated = keyPolicy(allow("{\"Federated\":\"cognito-identity.amazonaws.com\",\"CanonicalUser\":\"79a5\"}",
                "kms:*"));
        for (Principal principal : new Principal[] {ROOT, ALICE, SESSION, SERVICE}) {
            assertThat(evaluate(federated, principal)).isEqualTo(Evaluation.NOT_ALLOWED);
        }
    }

    @Test
    void anAllowNamingThePrincipalWinsOverOneThroughTheAccount() {
        String both = keyPolicy(allow(aws("arn:aws:iam::111122223333:root"), "kms:*"), allow(aws(ALICE.arn()), "kms:Encrypt"));
        assertThat(evaluate(both, ALICE)).isEqualTo(Evaluation.ALLOWED);
        assertThat(evaluate(both, BOB)).isEqualTo(Evaluation.ALLOWED_THROUGH_ACCOUNT);
        assertThat(PolicyDocument.parse(both).evaluation(request(ALICE, "kms:Decrypt", KEY_ARN)))
                .isEqualTo(Evaluation.ALLOWED_THROUGH_ACCOUNT);
        assertThat(PolicyDocument.parse(both).evaluate(request(BOB, "kms:Decrypt", KEY_ARN))).isEqualTo(Decision.ALLOWED);
        assertThat(Evaluation.ALLOWED_THROUGH_ACCOUNT.allowed()).isTrue();
        assertThatThrownBy(() -> new Evaluation(Decision.NOT_ALLOWED, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExplicitDenyWinsWhateverTheOrder() {
        String deny = "{\"Effect\":\"Deny\",\"Principal\":" + aws(ALICE.arn()) + ",\"Action\":\"kms:Encrypt\",\"Resource\":\"*\"}";
        for (String policy : new String[] {keyPolicy(allow("\"*\"", "kms:*"), deny), keyPolicy(deny, allow("\"*\"", "kms:*"))}) {
            assertThat(evaluate(policy, ALICE)).isEqualTo(Evaluation.EXPLICITLY_DENIED);
            assertThat(evaluate(policy, BOB)).isEqualTo(Evaluation.ALLOWED);
        }
    }

    @Test
    void notPrincipalAppliesToEveryoneButThoseItNamesWithTheirAccount() {
        String denyAllBut = "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":[\"" + ALICE.arn()
                + "\",\"arn:aws:iam::111122223333:root\",\"arn:aws:iam::111122223333:role/app\"]},\"Action\":\"kms:*\","
                + "\"Resource\":\"*\"}";
        String policy = keyPolicy(allow("\"*\"", "kms:*"), denyAllBut);
        assertThat(evaluate(policy, ALICE)).isEqualTo(Evaluation.ALLOWED);
        assertThat(evaluate(policy, ROOT)).isEqualTo(Evaluation.ALLOWED);
        assertThat(evaluate(policy, SESSION)).isEqualTo(Evaluation.ALLOWED);
        assertThat(evaluate(policy, BOB)).isEqualTo(Evaluation.EXPLICITLY_DENIED);
        assertThat(evaluate(policy, STRANGER)).isEqualTo(Evaluation.EXPLICITLY_DENIED);
        // Naming the user without its account does not leave the user out (AWS's documented NotPrincipal pitfall).
        String userOnly = "{\"Effect\":\"Deny\",\"NotPrincipal\":" + aws(ALICE.arn()) + ",\"Action\":\"kms:*\",\"Resource\":\"*\"}";
        assertThat(evaluate(keyPolicy(allow("\"*\"", "kms:*"), userOnly), ALICE)).isEqualTo(Evaluation.EXPLICITLY_DENIED);
        String allowAllBut = "{\"Effect\":\"Allow\",\"NotPrincipal\":" + aws("444455556666") + ",\"Action\":\"kms:*\"}";
        assertThat(evaluate(keyPolicy(allowAllBut), ALICE)).isEqualTo(Evaluation.ALLOWED);
    }

    @Test
    void notActionAndNotResource() {
        String policy = keyPolicy("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"NotAction\":[\"kms:Schedule*\",\"kms:Disable*\"],"
                + "\"Resource\":\"*\"}");
        PolicyDocument document = PolicyDocument.parse(policy);
        assertThat(document.evaluate(request(ALICE, "kms:Encrypt", KEY_ARN))).isEqualTo(Decision.ALLOWED);
        assertThat(document.evaluate(request(ALICE, "kms:ScheduleKeyDeletion", KEY_ARN))).isEqualTo(Decision.NOT_ALLOWED);
        assertThat(document.evaluate(request(ALICE, "KMS:disablekey", KEY_ARN))).isEqualTo(Decision.NOT_ALLOWED);
        String identity = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\","
                + "\"NotResource\":\"" + OTHER_KEY + "\"}}";
        PolicyDocument notResource = PolicyDocument.parseIdentityPolicy(identity);
        assertThat(notResource.evaluate(request(ALICE, "kms:Encrypt", KEY_ARN))).isEqualTo(Decision.ALLOWED);
        assertThat(notResource.evaluate(request(ALICE, "kms:Encrypt", OTHER_KEY))).isEqualTo(Decision.NOT_ALLOWED);
    }

    @Test
    void resourcesAreCaseSensitiveWildcards() {
        String identity = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:Encrypt\","
                + "\"Resource\":[\"arn:aws:kms:*:111122223333:key/1234*\",\"arn:aws:kms:us-east-1:111122223333:alias/app-?\"]}}";
        PolicyDocument document = PolicyDocument.parseIdentityPolicy(identity);
        assertThat(document.evaluate(request(ALICE, "kms:Encrypt", KEY_ARN))).isEqualTo(Decision.ALLOWED);
        assertThat(document.evaluate(request(ALICE, "kms:Encrypt", OTHER_KEY))).isEqualTo(Decision.NOT_ALLOWED);
        assertThat(document.evaluate(request(ALICE, "kms:Encrypt", KEY_ARN.toUpperCase()))).isEqualTo(Decision.NOT_ALLOWED);
        assertThat(document.evaluate(request(ALICE, "kms:Encrypt", "arn:aws:kms:us-east-1:111122223333:alias/app-1")))
                .isEqualTo(Decision.ALLOWED);
        // An operation on no resource is asked with "*", which only a "*" resource matches.
        assertThat(document.evaluate(request(ALICE, "kms:Encrypt", "*"))).isEqualTo(Decision.NOT_ALLOWED);
        assertThat(PolicyDocument.parseIdentityPolicy("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:CreateKey\","
                + "\"Resource\":\"*\"}}").evaluate(request(ALICE, "kms:CreateKey", "*"))).isEqualTo(Decision.ALLOWED);
        // A key policy's statement without a Resource applies to the key.
        assertThat(evaluate(keyPolicy("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\"}"), ALICE))
                .isEqualTo(Evaluation.ALLOWED);
    }

    @Test
    void identityPoliciesApplyToTheirPrincipalWithoutNamingIt() {
        String identity = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\","
                + "\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":\"kms:Decrypt\",\"Resource\":\"" + OTHER_KEY + "\"}]}";
        PolicyDocument document = PolicyDocument.parseIdentityPolicy(identity);
        assertThat(document.kind()).isEqualTo(PolicyDocument.Kind.IDENTITY);
        assertThat(document.evaluation(request(SESSION, "kms:Decrypt", KEY_ARN))).isEqualTo(Evaluation.ALLOWED);
        assertThat(document.evaluation(request(STRANGER, "kms:Decrypt", OTHER_KEY))).isEqualTo(Evaluation.EXPLICITLY_DENIED);
    }

    @Test
    void trustPoliciesNameWhoMayAssumeTheRole() {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":" + aws(ALICE.arn())
                + ",\"Action\":\"sts:AssumeRole\"}}";
        PolicyDocument document = PolicyDocument.parseTrustPolicy(trust);
        assertThat(document.kind()).isEqualTo(PolicyDocument.Kind.TRUST);
        String role = "arn:aws:iam::111122223333:role/app";
        assertThat(document.evaluation(request(ALICE, "sts:AssumeRole", role))).isEqualTo(Evaluation.ALLOWED);
        assertThat(document.evaluation(request(BOB, "sts:AssumeRole", role))).isEqualTo(Evaluation.NOT_ALLOWED);
        assertThat(PolicyDocument.parseTrustPolicy(trust.replace(ALICE.arn(), "111122223333"))
                .evaluation(request(BOB, "sts:AssumeRole", role))).isEqualTo(Evaluation.ALLOWED_THROUGH_ACCOUNT);
    }

    @Test
    void eachKindRefusesWhatItMustNotHave() {
        String withPrincipal = "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}}";
        assertThatThrownBy(() -> PolicyDocument.parseIdentityPolicy(withPrincipal))
                .isInstanceOf(MalformedPolicyException.class).hasMessage("Policy document should not specify a principal.");
        assertThatThrownBy(() -> PolicyDocument.parseIdentityPolicy(withPrincipal.replace("\"Principal\"", "\"NotPrincipal\"")))
                .isInstanceOf(MalformedPolicyException.class).hasMessage("Policy document should not specify a principal.");
        assertThatThrownBy(() -> PolicyDocument.parseIdentityPolicy("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\"}}"))
                .isInstanceOf(MalformedPolicyException.class).hasMessage("Policy statement must contain resources.");
        assertThatThrownBy(() -> PolicyDocument.parseTrustPolicy(withPrincipal.replace("kms:*", "sts:AssumeRole")))
                .isInstanceOf(MalformedPolicyException.class).hasMessage("Has prohibited field Resource");
        assertThatThrownBy(() -> PolicyDocument.parseTrustPolicy(
                "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:Encrypt\"}}"))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessage("AssumeRole policy may only specify STS AssumeRole actions.");
        assertThatThrownBy(() -> PolicyDocument.parseTrustPolicy("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:*\"}}"))
                .isInstanceOf(MalformedPolicyException.class).hasMessage("Policy contains a statement with no principal.");
        assertThatThrownBy(() -> PolicyDocument.parse(withPrincipal.replace("\"Principal\":\"*\"",
                "\"Principal\":\"*\",\"NotPrincipal\":\"*\""))).isInstanceOf(MalformedPolicyException.class)
                .hasMessage("Policy contains a statement with both Principal and NotPrincipal.");
        assertThatThrownBy(() -> PolicyDocument.parse(withPrincipal.replace("\"Action\"", "\"NotAction\":\"x\",\"Action\"")))
                .isInstanceOf(MalformedPolicyException.class).hasMessage("Policy contains a statement with both Action and NotAction.");
        assertThatThrownBy(() -> PolicyDocument.parse(withPrincipal.replace("\"Resource\"", "\"NotResource\":\"x\",\"Resource\"")))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessage("Policy contains a statement with both Resource and NotResource.");
        assertThatThrownBy(() -> PolicyDocument.parse(withPrincipal.replace("\"Resource\":\"*\"", "\"Resource\":7")))
                .isInstanceOf(MalformedPolicyException.class).hasMessage("Policy contains an invalid resource.");
        assertThatThrownBy(() -> PolicyDocument.parse(withPrincipal.replace("\"Principal\":\"*\"", "\"Principal\":{\"Group\":\"x\"}")))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessage("Policy contains a statement with one or more invalid principals.");
        for (String principal : new String[] {"someone", "11112222333", "", "**", "AIDACKCEVSQ6C2EXAMPLE",
                "arn:aws:iam::111122223333:role/*", "arn:aws:iam::111122223333:user/al?ce"}) {
            assertThatThrownBy(() -> PolicyDocument.parse(withPrincipal.replace("\"Principal\":\"*\"",
                    "\"Principal\":{\"AWS\":[\"111122223333\",\"" + principal + "\"]}")))
                    .as(principal).isInstanceOf(MalformedPolicyException.class)
                    .hasMessage("Policy contains a statement with one or more invalid principals.");
        }
        assertThatThrownBy(() -> PolicyDocument.parse(withPrincipal.replace("{\"Effect\"", "{\"Sid\":1,\"Effect\"")))
                .isInstanceOf(MalformedPolicyException.class).hasMessage("Policy contains a statement with an invalid Sid.");
        assertThatThrownBy(() -> PolicyDocument.parse(withPrincipal.replace("{\"Statement\"", "{\"Id\":[],\"Statement\"")))
                .isInstanceOf(MalformedPolicyException.class).hasMessage("The policy Id must be a string.");
    }

    @Test
    void policyVariablesResolveFromTheRequestInVersion2012Only() {
        String identity = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:Encrypt\","
                + "\"Resource\":\"arn:aws:kms:*:${aws:PrincipalAccount}:alias/${aws:username}-*\","
                + "\"Condition\":{\"StringEquals\":{\"kms:EncryptionContext:owner\":\"${aws:userid}\"}}}}";
        PolicyDocument document = PolicyDocument.parseIdentityPolicy(identity);
        ConditionContext aliceOwns = ConditionContext.builder().put("kms:EncryptionContext:owner", "AIDAALICE").build();
        String aliceAlias = "arn:aws:kms:us-east-1:111122223333:alias/alice-data";
        assertThat(document.evaluate(new AccessRequest(ALICE, "kms:Encrypt", aliceAlias, aliceOwns))).isEqualTo(Decision.ALLOWED);
        assertThat(document.evaluate(new AccessRequest(BOB, "kms:Encrypt", aliceAlias, aliceOwns))).isEqualTo(Decision.NOT_ALLOWED);
        assertThat(document.evaluate(new AccessRequest(ALICE, "kms:Encrypt",
                "arn:aws:kms:us-east-1:111122223333:alias/bob-data", aliceOwns))).isEqualTo(Decision.NOT_ALLOWED);
        // A session has no aws:username: the variable cannot be resolved and the resource matches nothing.
        ConditionContext sessionOwns = ConditionContext.builder().put("kms:EncryptionContext:owner", "AROAAPP:run-1").build();
        assertThat(document.evaluate(new AccessRequest(SESSION, "kms:Encrypt",
                "arn:aws:kms:us-east-1:111122223333:alias/-data", sessionOwns))).isEqualTo(Decision.NOT_ALLOWED);
        // The context's value wins over the principal's.
        ConditionContext renamed = aliceOwns.toBuilder().put("aws:username", "bob").build();
        assertThat(document.evaluate(new AccessRequest(ALICE, "kms:Encrypt",
                "arn:aws:kms:us-east-1:111122223333:alias/bob-data", renamed))).isEqualTo(Decision.ALLOWED);
        // In 2008-10-17, ${...} is plain text.
        PolicyDocument old = PolicyDocument.parseIdentityPolicy(identity.replace("2012-10-17", "2008-10-17"));
        assertThat(old.evaluate(new AccessRequest(ALICE, "kms:Encrypt", aliceAlias, aliceOwns))).isEqualTo(Decision.NOT_ALLOWED);
        assertThat(old.evaluate(new AccessRequest(ALICE, "kms:Encrypt",
                "arn:aws:kms:us-east-1:${aws:PrincipalAccount}:alias/${aws:username}-x",
                ConditionContext.builder().put("kms:EncryptionContext:owner", "${aws:userid}").build())))
                .isEqualTo(Decision.ALLOWED);
    }

    @Test
    void specialCharactersAndDefaultsOfPolicyVariables() {
        String identity = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\","
                + "\"Resource\":\"*\",\"Condition\":{\"StringLike\":{\"kms:RequestAlias\":\"alias/${*}${?}${$}-${aws:username, 'nobody'}-*\"}}}}";
        PolicyDocument document = PolicyDocument.parseIdentityPolicy(identity);
        assertThat(allowedWithAlias(document, ALICE, "alias/*?$-alice-1")).isTrue();
        assertThat(allowedWithAlias(document, ALICE, "alias/xx$-alice-1")).isFalse();
        assertThat(allowedWithAlias(document, SESSION, "alias/*?$-nobody-1")).isTrue();
        // A value from a variable is literal: a user named "*" matches only "*".
        Principal star = Principal.user(ACCOUNT, Partition.AWS, "/", "a*", "AIDASTAR", null);
        assertThat(allowedWithAlias(document, star, "alias/*?$-a*-1")).isTrue();
        assertThat(allowedWithAlias(document, star, "alias/*?$-abc-1")).isFalse();
    }

    private static boolean allowedWithAlias(PolicyDocument document, Principal principal, String alias) {
        return document.evaluate(new AccessRequest(principal, "kms:Encrypt", KEY_ARN,
                ConditionContext.builder().put("kms:RequestAlias", alias).build())) == Decision.ALLOWED;
    }

    @Test
    void principalKeysComeFromThePrincipalWhenTheContextLacksThem() {
        String policy = keyPolicy("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:role/app\","
                + "\"kms:CallerAccount\":\"111122223333\",\"aws:PrincipalType\":\"AssumedRole\"}}}");
        assertThat(evaluate(policy, SESSION)).isEqualTo(Evaluation.ALLOWED);
        assertThat(evaluate(policy, ALICE)).isEqualTo(Evaluation.NOT_ALLOWED);
        String account = keyPolicy("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalAccount\":\"444455556666\"}}}");
        assertThat(evaluate(account, STRANGER)).isEqualTo(Evaluation.ALLOWED);
        assertThat(evaluate(account, ROOT)).isEqualTo(Evaluation.NOT_ALLOWED);
    }

    @Test
    void theLockoutCheckReadsConditionsCautiously() {
        PolicyDocument conditionalDeny = PolicyDocument.parse(keyPolicy(allow(aws("111122223333"), "kms:*"),
                "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:PutKeyPolicy\",\"Resource\":\"*\","
                        + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}"));
        assertThat(conditionalDeny.allows(ALICE, "kms:PutKeyPolicy")).isFalse();
        assertThat(conditionalDeny.allows(ALICE, "kms:Encrypt")).isTrue();
        // A role's session matches its role's ARN there too.
        PolicyDocument role = PolicyDocument.parse(keyPolicy(allow(aws("arn:aws:iam::111122223333:role/app"), "kms:*")));
        assertThat(role.allows(SESSION, "kms:PutKeyPolicy")).isTrue();
        assertThat(role.allows(ALICE, "kms:PutKeyPolicy")).isFalse();
    }

    @Test
    void hostileResourcesAndConditionValuesAreMatchedWithoutBacktracking() {
        String hostile = "arn:" + "*a".repeat(5_000) + "b";
        String identity = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\","
                + "\"Resource\":\"" + hostile + "\",\"Condition\":{\"StringLike\":{\"kms:RequestAlias\":\"" + hostile
                + "\"},\"ArnLike\":{\"aws:SourceArn\":\"" + hostile + "\"}}}}";
        PolicyDocument document = PolicyDocument.parseIdentityPolicy(identity);
        String text = "arn:" + "a".repeat(20_000);
        ConditionContext context = ConditionContext.builder().put("kms:RequestAlias", text).put("aws:SourceArn", text).build();
        assertThat(document.evaluate(new AccessRequest(ALICE, "kms:Encrypt", text, context))).isEqualTo(Decision.NOT_ALLOWED);
    }
}
