package dev.meridian.core;

import static dev.meridian.core.CoreFixture.assertRefused;
import static dev.meridian.core.StrictFixture.ALICE;
import static dev.meridian.core.StrictFixture.BOB;
import static dev.meridian.core.StrictFixture.CAROL;
import static dev.meridian.core.StrictFixture.ROOT;
import static dev.meridian.core.StrictFixture.arn;
import static dev.meridian.core.StrictFixture.as;
import static dev.meridian.core.StrictFixture.identityPolicyDenies;
import static dev.meridian.core.StrictFixture.keyPolicy;
import static dev.meridian.core.StrictFixture.keyPolicyDenies;
import static dev.meridian.core.StrictFixture.noIdentityPolicy;
import static dev.meridian.core.StrictFixture.noKeyPolicy;
import static dev.meridian.core.StrictFixture.otherAccount;
import static dev.meridian.core.StrictFixture.rootStatement;
import static dev.meridian.core.StrictFixture.statement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.meridian.model.Tag;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Strict mode's rules below HTTP, one family at a time: the key policy allows the caller itself or delegates to
 * the account (and then the identity policies decide), an explicit deny anywhere wins, operations on no key are the
 * identity policies' alone, each message form as AWS words it.
 */
class AccessControlTest {
    private static final byte[] DATA = {1, 2, 3};
    private final StrictFixture strict = new StrictFixture(AccessControl.Mode.STRICT);
    private final KeyManagementService service = strict.service;

    @AfterEach
    void close() {
        strict.close();
    }

    private void encrypt(dev.meridian.model.Principal principal, String keyId) {
        service.cryptography().encrypt(as(principal), keyId, DATA, null, null);
    }

    @Test
    void theDefaultKeyPolicyDelegatesToTheIdentityPolicies() {
        String keyId = strict.createKey(null);
        assertRefused(() -> encrypt(ALICE, keyId), ErrorCode.ACCESS_DENIED, noIdentityPolicy(ALICE, "kms:Encrypt", arn(keyId)));
        strict.allow(ALICE, "kms:Encrypt");
        assertThatCode(() -> encrypt(ALICE, keyId)).doesNotThrowAnyException();
        assertRefused(() -> service.lifecycle().disableKey(as(ALICE), keyId), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(ALICE, "kms:DisableKey", arn(keyId)));
        // The root needs no identity policy: IAM lets it do what its account may.
        assertThatCode(() -> encrypt(ROOT, keyId)).doesNotThrowAnyException();
    }

    @Test
    void anEnclavesAttestationIsReadAsTheRecipientAttestationConditionKeys() {
        String image = "9fedcba8abcdef7abcdef6abcdef5abcdef4abcdef3abcdef2abcdef1abcdef0abcdef1abcdef2abcdef3abcdef4abc";
        String condition = "{\"StringEqualsIgnoreCase\":{\"kms:RecipientAttestation:ImageSha384\":\"" + image.toUpperCase()
                + "\",\"kms:RecipientAttestation:PCR8\":\"" + "ab".repeat(48) + "\"}}";
        String keyId = strict.createKey(keyPolicy(rootStatement(), statement("Allow", BOB.arn(), "kms:GenerateDataKey")
                .replace("\"Resource\":\"*\"", "\"Resource\":\"*\",\"Condition\":" + condition)));
        dev.meridian.model.RecipientAttestation enclave = new dev.meridian.model.RecipientAttestation(
                Map.of(0, image, 8, "ab".repeat(48)));
        dev.meridian.model.RecipientAttestation otherImage = new dev.meridian.model.RecipientAttestation(
                Map.of(0, "00".repeat(48), 8, "ab".repeat(48)));

        assertThatCode(() -> service.cryptography().generateDataKey(as(BOB).withRecipient(enclave), keyId, "AES_256",
                null, null, true)).doesNotThrowAnyException();
        assertRefused(() -> service.cryptography().generateDataKey(as(BOB).withRecipient(otherImage), keyId, "AES_256",
                null, null, true), ErrorCode.ACCESS_DENIED, noIdentityPolicy(BOB, "kms:GenerateDataKey", arn(keyId)));
        // Without a Recipient the keys are absent, and the condition is not met.
        assertRefused(() -> service.cryptography().generateDataKey(as(BOB), keyId, "AES_256", null, null, true),
                ErrorCode.ACCESS_DENIED, noIdentityPolicy(BOB, "kms:GenerateDataKey", arn(keyId)));
    }

    @Test
    void conditionsAreReadWhicheverPolicyHasThemAndOnlyTheConditionFreeOnesSkipTheContext() {
        String purpose = "{\"StringEquals\":{\"kms:EncryptionContext:purpose\":\"test\"}}";
        // The default key policy reads no context; the identity policy's condition still decides.
        String keyId = strict.createKey(null);
        strict.allowWhen(ALICE, "kms:Encrypt", purpose);
        assertThatCode(() -> service.cryptography().encrypt(as(ALICE), keyId, DATA, Map.of("purpose", "test"), null))
                .doesNotThrowAnyException();
        assertRefused(() -> service.cryptography().encrypt(as(ALICE), keyId, DATA, Map.of("purpose", "other"), null),
                ErrorCode.ACCESS_DENIED, noIdentityPolicy(ALICE, "kms:Encrypt", arn(keyId)));
        // A condition-free identity policy; the key policy's statement for the caller has the condition.
        String conditional = strict.createKey(keyPolicy(rootStatement(), statement("Allow", BOB.arn(), "kms:Encrypt")
                .replace("\"Resource\":\"*\"", "\"Resource\":\"*\",\"Condition\":" + purpose)));
        strict.allow(ALICE, "kms:Encrypt");
        assertThatCode(() -> service.cryptography().encrypt(as(BOB), conditional, DATA, Map.of("purpose", "test"), null))
                .doesNotThrowAnyException();
        assertRefused(() -> service.cryptography().encrypt(as(BOB), conditional, DATA, Map.of("purpose", "other"), null),
                ErrorCode.ACCESS_DENIED, noIdentityPolicy(BOB, "kms:Encrypt", arn(conditional)));
        assertThatCode(() -> encrypt(ALICE, conditional)).doesNotThrowAnyException();
    }

    @Test
    void aKeyPolicyThatNamesTheCallerSufficesWithoutIdentityPolicies() {
        String keyId = strict.createKey(keyPolicy(rootStatement(), statement("Allow", ALICE.arn(), "kms:Encrypt"),
                statement("Allow", "*", "kms:DescribeKey")));
        assertThatCode(() -> encrypt(ALICE, keyId)).doesNotThrowAnyException();
        assertThatCode(() -> service.lifecycle().describeKey(as(BOB), keyId)).doesNotThrowAnyException();
        // Decrypt comes only through the account's root statement: the identity policies must allow it.
        byte[] ciphertext = service.cryptography().encrypt(as(ALICE), keyId, DATA, null, null).ciphertext();
        assertRefused(() -> service.cryptography().decrypt(as(ALICE), ciphertext, null, null, null), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(ALICE, "kms:Decrypt", arn(keyId)));
    }

    @Test
    void anIdentityPolicyCannotAllowWhatTheKeyPolicyNeitherAllowsNorDelegates() {
        String keyId = strict.createKey(keyPolicy(statement("Allow", ROOT.arn(), "kms:PutKeyPolicy"),
                statement("Allow", BOB.arn(), "kms:*")));
        strict.allow(ALICE, "kms:*");
        assertRefused(() -> encrypt(ALICE, keyId), ErrorCode.ACCESS_DENIED, noKeyPolicy(ALICE, "kms:Encrypt", arn(keyId)));
        assertThatCode(() -> encrypt(BOB, keyId)).doesNotThrowAnyException();
        // Without the identity policy either: the identity-based form.
        assertRefused(() -> service.lifecycle().describeKey(as(StrictFixture.APP_SESSION), keyId), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(StrictFixture.APP_SESSION, "kms:DescribeKey", arn(keyId)));
    }

    @Test
    void anExplicitDenyWinsInEitherPolicyOverEveryAllowAndGrant() {
        String keyId = strict.createKey(keyPolicy(rootStatement(), statement("Allow", ALICE.arn(), "kms:*"),
                statement("Deny", ALICE.arn(), "kms:Decrypt")));
        strict.allow(ALICE, "kms:*");
        service.grants().createGrant(as(ROOT), new CreateGrantRequest(keyId, ALICE.arn(), null, null, null,
                List.of("Decrypt", "Encrypt"), null, null));
        byte[] ciphertext = service.cryptography().encrypt(as(ALICE), keyId, DATA, null, null).ciphertext();
        assertRefused(() -> service.cryptography().decrypt(as(ALICE), ciphertext, null, null, null), ErrorCode.ACCESS_DENIED,
                keyPolicyDenies(ALICE, "kms:Decrypt", arn(keyId)));
        strict.deny(ALICE, "kms:Encrypt");
        assertRefused(() -> encrypt(ALICE, keyId), ErrorCode.ACCESS_DENIED,
                identityPolicyDenies(ALICE, "kms:Encrypt", arn(keyId)));
    }

    @Test
    void operationsOnNoKeyAreDecidedByIdentityPoliciesAlone() {
        CreateKeyRequest create = new CreateKeyRequest(null, null, null, null, null, false, null, true, null);
        assertRefused(() -> service.lifecycle().createKey(as(ALICE), create), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(ALICE, "kms:CreateKey", "*"));
        assertRefused(() -> service.lifecycle().listKeys(as(ALICE), null, null), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(ALICE, "kms:ListKeys", "*"));
        assertRefused(() -> service.aliases().listAliases(as(ALICE), null, null, null), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(ALICE, "kms:ListAliases", "*"));
        assertRefused(() -> service.cryptography().generateRandom(as(ALICE), 16), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(ALICE, "kms:GenerateRandom", "*"));
        assertRefused(() -> service.grants().listRetirableGrants(as(ALICE), ALICE.arn(), null, null, null),
                ErrorCode.ACCESS_DENIED, noIdentityPolicy(ALICE, "kms:ListRetirableGrants", "*"));
        strict.allow(ALICE, "kms:CreateKey", "kms:ListKeys", "kms:ListAliases", "kms:GenerateRandom",
                "kms:ListRetirableGrants");
        assertThatCode(() -> service.lifecycle().createKey(as(ALICE), create)).doesNotThrowAnyException();
        assertThatCode(() -> service.lifecycle().listKeys(as(ALICE), null, null)).doesNotThrowAnyException();
        assertThatCode(() -> service.aliases().listAliases(as(ALICE), null, null, null)).doesNotThrowAnyException();
        assertThat(service.cryptography().generateRandom(as(ALICE), 16).length()).isEqualTo(16);
        strict.deny(ALICE, "kms:ListKeys");
        assertRefused(() -> service.lifecycle().listKeys(as(ALICE), null, null), ErrorCode.ACCESS_DENIED,
                identityPolicyDenies(ALICE, "kms:ListKeys", "*"));
    }

    @Test
    void createKeyWithTagsNeedsTagResourceToo() {
        CreateKeyRequest tagged = new CreateKeyRequest(null, null, null, null, null, false, List.of(new Tag("team", "a")),
                true, null);
        strict.allow(ALICE, "kms:CreateKey");
        assertRefused(() -> service.lifecycle().createKey(as(ALICE), tagged), ErrorCode.ACCESS_DENIED,
                "User: " + ALICE.arn() + " is not authorized to perform: kms:TagResource because no identity-based policy"
                        + " allows the kms:TagResource action");
        strict.allow(ALICE, "kms:CreateKey", "kms:TagResource");
        assertThatCode(() -> service.lifecycle().createKey(as(ALICE), tagged)).doesNotThrowAnyException();
    }

    @Test
    void aliasOperationsNeedThePermissionOnTheAliasAndOnTheKey() {
        String keyId = strict.createKey(keyPolicy(rootStatement(), statement("Allow", ALICE.arn(), "kms:CreateAlias")));
        String aliasArn = "arn:aws:kms:us-east-1:111122223333:alias/a";
        // The key policy names alice, but the alias is an identity policy's to allow.
        assertRefused(() -> service.aliases().createAlias(as(ALICE), "alias/a", keyId), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(ALICE, "kms:CreateAlias", aliasArn));
        strict.allow(ALICE, "kms:CreateAlias");
        assertThatCode(() -> service.aliases().createAlias(as(ALICE), "alias/a", keyId)).doesNotThrowAnyException();

        String bobsKey = strict.createKey(keyPolicy(statement("Allow", ROOT.arn(), "kms:PutKeyPolicy"),
                statement("Allow", BOB.arn(), "kms:*")));
        assertRefused(() -> service.aliases().createAlias(as(ALICE), "alias/b", bobsKey), ErrorCode.ACCESS_DENIED,
                noKeyPolicy(ALICE, "kms:CreateAlias", arn(bobsKey)));

        // UpdateAlias: the alias, the key it leaves and the key it goes to.
        String other = strict.createKey(null);
        assertRefused(() -> service.aliases().updateAlias(as(ALICE), "alias/a", other), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(ALICE, "kms:UpdateAlias", aliasArn));
        strict.allow(ALICE, "kms:UpdateAlias");
        assertRefused(() -> service.aliases().updateAlias(as(ALICE), "alias/a", bobsKey), ErrorCode.ACCESS_DENIED,
                noKeyPolicy(ALICE, "kms:UpdateAlias", arn(bobsKey)));
        assertThatCode(() -> service.aliases().updateAlias(as(ALICE), "alias/a", other)).doesNotThrowAnyException();
        strict.allow(BOB, "kms:CreateAlias");
        service.aliases().createAlias(as(BOB), "alias/bobs", bobsKey);
        assertRefused(() -> service.aliases().updateAlias(as(ALICE), "alias/bobs", other), ErrorCode.ACCESS_DENIED,
                noKeyPolicy(ALICE, "kms:UpdateAlias", arn(bobsKey)));

        // DeleteAlias: the alias and its key.
        assertRefused(() -> service.aliases().deleteAlias(as(ALICE), "alias/a"), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(ALICE, "kms:DeleteAlias", aliasArn));
        strict.allow(ALICE, "kms:DeleteAlias");
        assertRefused(() -> service.aliases().deleteAlias(as(ALICE), "alias/bobs"), ErrorCode.ACCESS_DENIED,
                noKeyPolicy(ALICE, "kms:DeleteAlias", arn(bobsKey)));
        assertThatCode(() -> service.aliases().deleteAlias(as(ALICE), "alias/a")).doesNotThrowAnyException();
    }

    @Test
    void aKeyThatDoesNotExistIsNotFoundBeforeAnyAuthorization() {
        assertRefused(() -> encrypt(ALICE, "1234abcd-12ab-34cd-56ef-1234567890ab"), ErrorCode.NOT_FOUND,
                "Key '" + arn("1234abcd-12ab-34cd-56ef-1234567890ab") + "' does not exist");
    }

    @Test
    void authorizationComesBeforeTheKeysStateAndUsage() {
        String keyId = strict.createKey(null);
        service.lifecycle().disableKey(as(ROOT), keyId);
        assertRefused(() -> encrypt(ALICE, keyId), ErrorCode.ACCESS_DENIED, noIdentityPolicy(ALICE, "kms:Encrypt", arn(keyId)));
        strict.allow(ALICE, "kms:Encrypt");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(KmsException.class, () -> encrypt(ALICE, keyId))
                .code()).isEqualTo(ErrorCode.DISABLED);
    }

    @Test
    void lockoutSafetyCheckUsesTheCallersEffectivePermission() {
        String lockedOut = "The new key policy will not allow you to update the key policy in the future.";
        strict.allow(ALICE, "kms:CreateKey");
        // A policy of the root statement delegates to the account; alice's identity policies do not allow
        // kms:PutKeyPolicy. (Without a policy, the default one is not checked.)
        String rootOnly = keyPolicy(rootStatement());
        assertRefused(() -> service.lifecycle().createKey(as(ALICE), new CreateKeyRequest(rootOnly, null, null, null, null,
                false, null, false, null)), ErrorCode.MALFORMED_POLICY_DOCUMENT, lockedOut);
        assertThatCode(() -> service.lifecycle().createKey(as(ALICE), new CreateKeyRequest(rootOnly, null, null, null, null,
                false, null, true, null))).doesNotThrowAnyException();
        assertThatCode(() -> service.lifecycle().createKey(as(ALICE), new CreateKeyRequest(null, null, null, null, null,
                false, null, false, null))).doesNotThrowAnyException();
        String namesAlice = keyPolicy(rootStatement(), statement("Allow", ALICE.arn(), "kms:PutKeyPolicy"));
        assertThatCode(() -> service.lifecycle().createKey(as(ALICE), new CreateKeyRequest(namesAlice, null, null, null,
                null, false, null, false, null))).doesNotThrowAnyException();
        strict.allow(ALICE, "kms:CreateKey", "kms:PutKeyPolicy");
        assertThatCode(() -> service.lifecycle().createKey(as(ALICE), new CreateKeyRequest(rootOnly, null, null, null, null,
                false, null, false, null))).doesNotThrowAnyException();

        // PutKeyPolicy: a policy that leaves alice without kms:PutKeyPolicy is refused, unless bypassed.
        String keyId = strict.createKey(null);
        String bobOnly = keyPolicy(statement("Allow", BOB.arn(), "kms:*"));
        assertRefused(() -> service.policies().putKeyPolicy(as(ALICE), keyId, "default", bobOnly, false),
                ErrorCode.MALFORMED_POLICY_DOCUMENT, lockedOut);
        strict.deny(ALICE, "kms:PutKeyPolicy");
        assertRefused(() -> service.policies().putKeyPolicy(as(ALICE), keyId, "default", namesAlice, false),
                ErrorCode.ACCESS_DENIED, identityPolicyDenies(ALICE, "kms:PutKeyPolicy", arn(keyId)));
    }

    @Test
    void developmentModeEnforcesNothingButTheCrossAccountRule() {
        try (StrictFixture development = new StrictFixture(AccessControl.Mode.DEVELOPMENT)) {
            KeyManagementService open = development.service;
            String keyId = open.lifecycle().createKey(as(ALICE), new CreateKeyRequest(keyPolicy(statement("Allow", BOB.arn(),
                    "kms:*")), null, null, null, null, false, List.of(new Tag("t", "v")), true, null))
                    .record().reference().keyId().value();
            assertThatCode(() -> open.cryptography().encrypt(as(ALICE), keyId, DATA, Map.of("a", "b"), null))
                    .doesNotThrowAnyException();
            assertThatCode(() -> open.lifecycle().listKeys(as(ALICE), null, null)).doesNotThrowAnyException();
            assertThatCode(() -> open.aliases().createAlias(as(ALICE), "alias/x", keyId)).doesNotThrowAnyException();
            // Today's lockout check: the new policy's own statements, without identity policies.
            assertRefused(() -> open.policies().putKeyPolicy(as(ALICE), keyId, "default",
                    keyPolicy(statement("Allow", BOB.arn(), "kms:*")), false), ErrorCode.MALFORMED_POLICY_DOCUMENT,
                    "The new key policy will not allow you to update the key policy in the future.");
            // Another account's key: today's cross-account rule, in the core too.
            assertRefused(() -> open.cryptography().encrypt(as(CAROL), arn(keyId), DATA, null, null), ErrorCode.ACCESS_DENIED,
                    otherAccount(CAROL, "kms:Encrypt"));
            assertThat(open.accessControl().mode()).isEqualTo(AccessControl.Mode.DEVELOPMENT);
        }
    }
}
