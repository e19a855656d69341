package dev.meridian.core;

import static dev.meridian.core.StrictFixture.ALICE;
import static dev.meridian.core.StrictFixture.APP_SESSION;
import static dev.meridian.core.StrictFixture.ROOT;
import static dev.meridian.core.StrictFixture.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.crypto.MessageType;
import dev.meridian.model.Grant;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.Tag;
import dev.meridian.policy.ConditionContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The condition contexts the core builds for the policy evaluator, checked value by value, so that they are
 * right before the evaluator reads them: the caller's keys, the key's, and each operation family's own.
 */
class ConditionKeysTest {
    private final StrictFixture strict = new StrictFixture(AccessControl.Mode.STRICT);
    private final KeyManagementService service = strict.service;

    @AfterEach
    void close() {
        strict.close();
    }

    private KeyRecord key(String keyId) {
        return service.lifecycle().describeKey(as(ROOT), keyId).record();
    }

    private static List<String> values(ConditionContext context, String key) {
        return context.values(key);
    }

    @Test
    void theCallersKeysForAUser() {
        String keyId = strict.createKey(null);
        ConditionContext context = service.accessControl().conditions(as(ALICE), Access.to("DescribeKey"), key(keyId));
        assertThat(values(context, "aws:PrincipalArn")).containsExactly(ALICE.arn());
        assertThat(values(context, "aws:PrincipalAccount")).containsExactly("111122223333");
        assertThat(values(context, "aws:PrincipalType")).containsExactly("User");
        assertThat(values(context, "aws:username")).containsExactly("alice");
        assertThat(values(context, "aws:userid")).containsExactly("AIDAALICE");
        assertThat(values(context, "aws:SourceIp")).containsExactly("203.0.113.7");
        assertThat(values(context, "aws:CurrentTime")).containsExactly("2026-03-01T12:00:00Z");
        assertThat(values(context, "aws:EpochTime")).containsExactly("1772366400");
        assertThat(values(context, "aws:SecureTransport")).containsExactly("true");
        assertThat(values(context, "aws:RequestedRegion")).containsExactly("us-east-1");
        assertThat(values(context, "kms:CallerAccount")).containsExactly("111122223333");
        assertThat(context.contains("kms:ViaService")).isFalse();
        assertThat(context.contains("kms:RequestAlias")).isFalse();
    }

    @Test
    void eachSecondGetsItsOwnTimeTextsThoughTheLastSecondsAreKept() {
        ConditionKeys.Second noon = ConditionKeys.Second.of(1772366400L);
        assertThat(noon.isoText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(ConditionKeys.Second.of(1772366400L).isoText()).isEqualTo("2026-03-01T12:00:00Z");
        ConditionKeys.Second next = ConditionKeys.Second.of(1772366401L);
        assertThat(next.isoText()).isEqualTo("2026-03-01T12:00:01Z");
        assertThat(next.epochText()).isEqualTo("1772366401");
        assertThat(ConditionKeys.Second.of(1772366400L)).isEqualTo(noon);
        assertThat(ConditionKeys.Second.of(0L).isoText()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(ConditionKeys.Second.of(-1L).isoText()).isEqualTo("1969-12-31T23:59:59Z");
    }

    @Test
    void theCallersKeysForARoleSessionAndTheRoot() {
        String keyId = strict.createKey(null);
        ConditionContext session = service.accessControl().conditions(as(APP_SESSION), Access.to("Encrypt"), key(keyId));
        assertThat(values(session, "aws:PrincipalArn")).containsExactly("arn:aws:iam::111122223333:role/app");
        assertThat(values(session, "aws:PrincipalType")).containsExactly("AssumedRole");
        assertThat(values(session, "aws:userid")).containsExactly("AROAAPP:s1");
        assertThat(session.contains("aws:username")).isFalse();
        ConditionContext root = service.accessControl().conditions(as(ROOT), Access.to("Encrypt"), key(keyId));
        assertThat(values(root, "aws:PrincipalArn")).containsExactly("arn:aws:iam::111122223333:root");
        assertThat(values(root, "aws:PrincipalType")).containsExactly("Account");
        assertThat(values(root, "aws:userid")).containsExactly("111122223333");
        // A context without source IP or time (the core's own work): no aws:SourceIp, the clock's time.
        ConditionContext unidentified = service.accessControl().conditions(dev.meridian.model.RequestContext.root(
                StrictFixture.ACCOUNT, dev.meridian.model.Region.of("us-east-1")), Access.to("Encrypt"), key(keyId));
        assertThat(unidentified.contains("aws:SourceIp")).isFalse();
        assertThat(values(unidentified, "aws:CurrentTime")).containsExactly("2026-03-01T12:00:00Z");
        assertThat(values(unidentified, "aws:SecureTransport")).containsExactly("false");
    }

    @Test
    void theKeysKeys() throws InterruptedException {
        String keyId = strict.createPrimary(null);
        service.tagging().tagResource(as(ROOT), keyId, List.of(new Tag("team", "payments"), new Tag("Stage", "prod")));
        service.aliases().createAlias(as(ROOT), "alias/b", keyId);
        service.aliases().createAlias(as(ROOT), "alias/a", keyId);
        ConditionContext primary = service.accessControl().conditions(as(ALICE), Access.to("Encrypt"), key(keyId));
        assertThat(values(primary, "kms:KeySpec")).containsExactly("SYMMETRIC_DEFAULT");
        assertThat(values(primary, "kms:CustomerMasterKeySpec")).containsExactly("SYMMETRIC_DEFAULT");
        assertThat(values(primary, "kms:KeyUsage")).containsExactly("ENCRYPT_DECRYPT");
        assertThat(values(primary, "kms:KeyOrigin")).containsExactly("AWS_KMS");
        assertThat(values(primary, "kms:MultiRegion")).containsExactly("true");
        assertThat(values(primary, "kms:MultiRegionKeyType")).containsExactly("PRIMARY");
        assertThat(values(primary, "kms:ResourceAliases")).containsExactly("alias/a", "alias/b");
        assertThat(values(primary, "aws:ResourceTag/team")).containsExactly("payments");
        assertThat(values(primary, "aws:ResourceTag/Stage")).containsExactly("prod");

        service.multiRegion().replicateKey(as(ROOT), new ReplicateKeyRequest(keyId, StrictFixture.WEST, null, true, null, null));
        strict.passReplicationDelay();
        KeyRecord replica = service.lifecycle().describeKey(as(ROOT, StrictFixture.WEST), keyId).record();
        ConditionContext replicaContext = service.accessControl().conditions(as(ALICE, StrictFixture.WEST),
                Access.to("Encrypt"), replica);
        assertThat(values(replicaContext, "kms:MultiRegionKeyType")).containsExactly("REPLICA");
        assertThat(values(replicaContext, "kms:ResourceAliases")).isEmpty();
        assertThat(values(replicaContext, "aws:RequestedRegion")).containsExactly("us-west-2");

        ConditionContext single = service.accessControl().conditions(as(ALICE), Access.to("Encrypt"),
                key(strict.createKey(null)));
        assertThat(values(single, "kms:MultiRegion")).containsExactly("false");
        assertThat(single.contains("kms:MultiRegionKeyType")).isFalse();
    }

    @Test
    void theRecipientAttestationKeysAreTheEnclavesRegistersAndAbsentWithoutOne() {
        String keyId = strict.createKey(null);
        dev.meridian.model.RecipientAttestation enclave = new dev.meridian.model.RecipientAttestation(
                Map.of(0, "aa".repeat(48), 1, "bb".repeat(48), 8, "cc".repeat(48)));
        ConditionContext context = service.accessControl().conditions(as(ALICE).withRecipient(enclave),
                Access.to("Decrypt"), key(keyId));
        assertThat(values(context, "kms:RecipientAttestation:ImageSha384")).containsExactly("aa".repeat(48));
        assertThat(values(context, "kms:RecipientAttestation:PCR0")).containsExactly("aa".repeat(48));
        assertThat(values(context, "kms:RecipientAttestation:PCR1")).containsExactly("bb".repeat(48));
        assertThat(values(context, "kms:recipientattestation:pcr8")).containsExactly("cc".repeat(48));
        assertThat(context.contains("kms:RecipientAttestation:PCR2")).isFalse();
        assertThat(context.contains("kms:RecipientAttestation:PCR")).isFalse();
        assertThat(context.contains("kms:RecipientAttestation:PCR123")).isFalse();
        ConditionContext without = service.accessControl().conditions(as(ALICE), Access.to("Decrypt"), key(keyId));
        assertThat(without.contains("kms:RecipientAttestation:ImageSha384")).isFalse();
        assertThat(without.contains("kms:RecipientAttestation:PCR0")).isFalse();
    }

    @Test
    void theCryptographicOperationsKeys() {
        Access encrypt = Cryptography.cryptographic("Encrypt", Map.of("purpose", "test", "App", "x"), null);
        assertThat(encrypt.action()).isEqualTo("kms:Encrypt");
        ConditionContext context = encrypt.requestConditions();
        assertThat(values(context, "kms:EncryptionContext:purpose")).containsExactly("test");
        assertThat(values(context, "kms:EncryptionContext:App")).containsExactly("x");
        assertThat(values(context, "kms:EncryptionContextKeys")).containsExactly("App", "purpose");
        assertThat(values(context, "kms:EncryptionAlgorithm")).containsExactly("SYMMETRIC_DEFAULT");
        assertThat(encrypt.encryptionContext()).isEqualTo(Map.of("purpose", "test", "App", "x"));
        Access withoutContext = Cryptography.cryptographic("Decrypt", null, "RSAES_OAEP_SHA_256");
        assertThat(withoutContext.requestConditions().contains("kms:EncryptionContextKeys")).isFalse();
        assertThat(values(withoutContext.requestConditions(), "kms:EncryptionAlgorithm")).containsExactly("RSAES_OAEP_SHA_256");
        assertThat(withoutContext.encryptionContext()).isEmpty();
        assertThat(Access.to("DescribeKey").encryptionContext()).isNull();

        assertThat(KeyResolver.requestAlias("alias/finance")).isEqualTo("alias/finance");
        assertThat(KeyResolver.requestAlias("arn:aws:kms:us-east-1:111122223333:alias/finance")).isEqualTo("alias/finance");
        assertThat(KeyResolver.requestAlias("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"))
                .isNull();
        assertThat(KeyResolver.requestAlias("1234abcd-12ab-34cd-56ef-1234567890ab")).isNull();
    }

    @Test
    void theGrantAndTagKeys() {
        CreateGrantRequest request = new CreateGrantRequest("k", ALICE.arn(), null, APP_SESSION.sessionIssuerArn(), null,
                List.of("Encrypt", "Decrypt"), null, null);
        Access access = Grants.createGrantAccess(request, request.operations(),
                new Grant.Constraints(Map.of("app", "x"), null, null));
        ConditionContext context = access.requestConditions();
        assertThat(values(context, "kms:GrantOperations")).containsExactly("Encrypt", "Decrypt");
        assertThat(values(context, "kms:GranteePrincipal")).containsExactly(ALICE.arn());
        assertThat(values(context, "kms:RetiringPrincipal")).containsExactly("arn:aws:iam::111122223333:role/app");
        assertThat(values(context, "kms:GrantConstraintType")).containsExactly("EncryptionContextEquals");
        assertThat(values(context, "kms:GrantIsForAWSResource")).containsExactly("false");
        assertThat(values(context, "kms:EncryptionContext:app")).containsExactly("x");
        assertThat(values(context, "kms:EncryptionContextKeys")).containsExactly("app");
        // The grants that allow CreateGrant are not held to the new grant's constraint.
        assertThat(access.encryptionContext()).isNull();

        Access tagged = Access.to("TagResource").withRequestTags(List.of(new Tag("team", "a"), new Tag("cost", "b")));
        assertThat(values(tagged.requestConditions(), "aws:RequestTag/team")).containsExactly("a");
        assertThat(values(tagged.requestConditions(), "aws:TagKeys")).containsExactly("team", "cost");
    }

    @Test
    void valuesAreWrittenAsIamWritesThemAndAbsentValuesLeaveTheKeyOut() {
        ConditionContext signing = Access.to("Sign").with("kms:SigningAlgorithm", "ECDSA_SHA_256")
                .with("kms:MessageType", MessageType.RAW.name()).requestConditions();
        assertThat(values(signing, "kms:SigningAlgorithm")).containsExactly("ECDSA_SHA_256");
        assertThat(values(signing, "kms:MessageType")).containsExactly("RAW");
        assertThat(Access.to("CreateKey").with("kms:MultiRegion", true).with("kms:BypassPolicyLockoutSafetyCheck", false)
                .requestConditions().asMap()).containsEntry("kms:multiregion", List.of("true"))
                .containsEntry("kms:bypasspolicylockoutsafetycheck", List.of("false"));
        assertThat(Access.to("Encrypt").with("kms:RequestAlias", (String) null).requestConditions()
                .contains("kms:RequestAlias")).isFalse();
    }

    @Test
    void theLookedUpRequestKeysAreTheLaidOutOnesNameByName() {
        // Names that differ only in letter case (the later one in name order wins), names beyond ASCII (whose lower
        // case depends on the letters around them, as the final sigma), an empty value, and a key given twice.
        Map<String, String> context = new java.util.HashMap<>(Map.of("Purpose", "upper", "purpose", "lower",
                "ΟΔΟΣ", "greek", "İstanbul", "dotted", "Straße", "sharp", "empty", ""));
        Access access = Cryptography.cryptographic("Encrypt", context, null)
                .with("kms:RequestAlias", "alias/first").with("kms:requestalias", "alias/second")
                .withRequestTags(List.of(new Tag("Team", "a"), new Tag("team", "b")));
        ConditionContext laidOut = access.requestConditions();
        for (var entry : laidOut.asMap().entrySet()) {
            assertThat(access.values(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
        }
        assertThat(access.values("kms:encryptioncontext:purpose")).containsExactly("lower");
        assertThat(access.values("kms:encryptioncontextkeys"))
                .containsExactly("Purpose", "Straße", "empty", "purpose", "İstanbul", "ΟΔΟΣ");
        assertThat(access.values("kms:requestalias")).containsExactly("alias/second");
        for (String absent : List.of("kms:encryptioncontext:", "kms:encryptioncontext:purposes", "kms:encryptioncontext",
                "kms:encryptioncontext:straße ", "aws:requesttag/", "kms:encryptionalgorithm:")) {
            assertThat(access.values(absent)).as(absent).isEqualTo(laidOut.values(absent)).isNull();
        }
        assertThat(Cryptography.cryptographic("Decrypt", Map.of(), null).values("kms:encryptioncontextkeys")).isNull();
    }

    @Test
    void aNameMatchesItsLowerCaseWithoutCopyingAsciiText() {
        assertThat(ConditionKeys.names("aws:ResourceTag/", "Team", "aws:resourcetag/team")).isTrue();
        assertThat(ConditionKeys.names("aws:ResourceTag/", "Team", "aws:resourcetag/tea")).isFalse();
        assertThat(ConditionKeys.names("aws:ResourceTag/", "Team", "aws:resourcetag/teams")).isFalse();
        assertThat(ConditionKeys.names("", "kms:EncryptionAlgorithm", "kms:encryptionalgorithm")).isTrue();
        for (String name : List.of("ΟΔΟΣ", "Σ", "İ", "Straße", "ǅ")) {
            String lower = ("kms:EncryptionContext:" + name).toLowerCase(java.util.Locale.ROOT);
            assertThat(ConditionKeys.names("kms:EncryptionContext:", name, lower)).as(name).isTrue();
            assertThat(ConditionKeys.names("kms:EncryptionContext:", name, lower + "x")).as(name).isFalse();
        }
    }

    @Test
    void aKeysTagsAndAliasesAreReadOnlyWhenAskedAndTheRequestsValueWins() {
        String keyId = strict.createKey(null);
        service.tagging().tagResource(as(ROOT), keyId, List.of(new Tag("Team", "upper"), new Tag("team", "lower")));
        ConditionContext context = service.accessControl().conditions(as(ALICE),
                Access.to("Encrypt").with("kms:KeySpec", "FROM_REQUEST"), key(keyId));
        List<String> team = values(context, "aws:ResourceTag/TEAM");
        assertThat(team).hasSize(1);
        assertThat(team.get(0)).isIn("upper", "lower");
        assertThat(values(context, "kms:KeySpec")).containsExactly("FROM_REQUEST");
        assertThat(values(context, "kms:CustomerMasterKeySpec")).containsExactly("SYMMETRIC_DEFAULT");
        assertThat(values(context, "kms:ResourceAliases")).isEmpty();
        service.aliases().createAlias(as(ROOT), "alias/late", keyId);
        // Read once per context: the aliases of the request's moment.
        assertThat(values(context, "kms:ResourceAliases")).isEmpty();
        assertThat(values(service.accessControl().conditions(as(ALICE), Access.to("Encrypt"), key(keyId)),
                "kms:ResourceAliases")).containsExactly("alias/late");
        assertThat(context.contains("aws:ResourceTag/other")).isFalse();
        assertThat(context.contains("kms:NoSuchKey")).isFalse();
        assertThat(context.toString()).isEqualTo("ConditionContext[looked up]");
    }
}
