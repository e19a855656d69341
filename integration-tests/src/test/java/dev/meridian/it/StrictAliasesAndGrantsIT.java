package dev.meridian.it;

import static dev.meridian.it.StrictSupport.allow;
import static dev.meridian.it.StrictSupport.assertAccessDenied;
import static dev.meridian.it.StrictSupport.noIdentityPolicyAllows;
import static dev.meridian.it.StrictSupport.noKeyPolicyAllows;
import static dev.meridian.it.StrictSupport.policy;
import static dev.meridian.it.StrictSupport.rootArn;
import static dev.meridian.it.StrictSupport.statement;
import static dev.meridian.it.StrictSupport.userArn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.testkit.MeridianExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.GrantConstraints;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * Strict mode over HTTP: the alias's side (identity policies on the alias ARN) and the key's side (key policy) of
 * CreateAlias, UpdateAlias and DeleteAlias; a user without any permission using a key through a grant, with and
 * without its grant token, within and outside the grant's encryption context constraints, until the grant is
 * revoked or retired.
 */
class StrictAliasesAndGrantsIT {
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "us-east-1";
    private static final String ROOT = "AKIAROOT000000000001";
    private static final String ALIAS_ONLY = "AKIAALIASONLY0000001";
    private static final String KEY_ONLY = "AKIAKEYONLY000000001";
    private static final String GRANTEE = "AKIAGRANTEE000000001";
    private static final String ALIAS_ADMIN = "AKIAALIASADMIN000001";

    @RegisterExtension
    static final MeridianExtension meridian = MeridianExtension.builder().identities(StrictSupport.identities()
            .account(ACCOUNT, ROOT)
            .user("aliasonly", ALIAS_ONLY, allow("kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"))
            .user("keyonly", KEY_ONLY)
            .user("grantee", GRANTEE)
            .user("aliasadmin", ALIAS_ADMIN, allow("kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"))
            .write()).build();

    private static final String ALIAS_ONLY_ARN = userArn(ACCOUNT, "aliasonly");
    private static final String KEY_ONLY_ARN = userArn(ACCOUNT, "keyonly");
    private static final String GRANTEE_ARN = userArn(ACCOUNT, "grantee");

    private static KmsClient kms(String accessKeyId) {
        return StrictSupport.kms(meridian, accessKeyId, REGION);
    }

    private static KeyMetadata rootKey(String policy) {
        try (KmsClient root = kms(ROOT)) {
            return root.createKey(request -> request.policy(policy).bypassPolicyLockoutSafetyCheck(policy != null))
                    .keyMetadata();
        }
    }

    /**
     * A key whose policy names only the user aliasadmin: it neither names the other users nor lets the account
     * decide (not even for its root).
     */
    private static KeyMetadata closedKey() {
        return rootKey(policy(statement("Allow", userArn(ACCOUNT, "aliasadmin"), "kms:*")));
    }

    private static String aliasArn(String name) {
        return "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":" + name;
    }

    @Test
    void createAliasNeedsTheAliasSideFromIdentityPoliciesAndTheKeySideFromTheKeyPolicy() {
        KeyMetadata namesKeyOnly = rootKey(policy(statement("Allow", rootArn(ACCOUNT), "kms:*"),
                statement("Allow", KEY_ONLY_ARN, "kms:CreateAlias", "kms:DeleteAlias")));
        KeyMetadata closed = closedKey();
        KeyMetadata delegating = rootKey(null);
        try (KmsClient aliasOnly = kms(ALIAS_ONLY); KmsClient keyOnly = kms(KEY_ONLY)) {
            assertAccessDenied(() -> keyOnly.createAlias(request -> request.aliasName("alias/key-only")
                    .targetKeyId(namesKeyOnly.keyId())),
                    noIdentityPolicyAllows(KEY_ONLY_ARN, "kms:CreateAlias", aliasArn("alias/key-only")));
            assertAccessDenied(() -> aliasOnly.createAlias(request -> request.aliasName("alias/closed")
                    .targetKeyId(closed.keyId())),
                    noKeyPolicyAllows(ALIAS_ONLY_ARN, "kms:CreateAlias", closed.arn()));
            aliasOnly.createAlias(request -> request.aliasName("alias/open").targetKeyId(delegating.keyId()));
        }
        try (KmsClient root = kms(ROOT)) {
            assertThat(root.listAliases(request -> request.keyId(delegating.keyId())).aliases())
                    .extracting(alias -> alias.aliasName()).containsExactly("alias/open");
            assertThat(root.listAliases(request -> request.keyId(closed.keyId())).aliases()).isEmpty();
            assertThat(root.listAliases(request -> request.keyId(namesKeyOnly.keyId())).aliases()).isEmpty();
        }
    }

    @Test
    void updateAliasNeedsTheAliasAndBothKeys() {
        KeyMetadata first = rootKey(null);
        KeyMetadata second = rootKey(null);
        KeyMetadata closed = closedKey();
        try (KmsClient root = kms(ROOT); KmsClient aliasOnly = kms(ALIAS_ONLY); KmsClient keyOnly = kms(KEY_ONLY);
                KmsClient aliasAdmin = kms(ALIAS_ADMIN)) {
            root.createAlias(request -> request.aliasName("alias/moving").targetKeyId(first.keyId()));
            aliasAdmin.createAlias(request -> request.aliasName("alias/on-closed").targetKeyId(closed.keyId()));
            assertAccessDenied(() -> keyOnly.updateAlias(request -> request.aliasName("alias/moving")
                    .targetKeyId(second.keyId())),
                    noIdentityPolicyAllows(KEY_ONLY_ARN, "kms:UpdateAlias", aliasArn("alias/moving")));
            assertAccessDenied(() -> aliasOnly.updateAlias(request -> request.aliasName("alias/moving")
                    .targetKeyId(closed.keyId())),
                    noKeyPolicyAllows(ALIAS_ONLY_ARN, "kms:UpdateAlias", closed.arn()));
            assertAccessDenied(() -> aliasOnly.updateAlias(request -> request.aliasName("alias/on-closed")
                    .targetKeyId(first.keyId())),
                    noKeyPolicyAllows(ALIAS_ONLY_ARN, "kms:UpdateAlias", closed.arn()));
            aliasOnly.updateAlias(request -> request.aliasName("alias/moving").targetKeyId(second.keyId()));
            assertThat(root.describeKey(request -> request.keyId("alias/moving")).keyMetadata().keyId())
                    .isEqualTo(second.keyId());
        }
    }

    @Test
    void deleteAliasNeedsTheAliasAndItsKey() {
        KeyMetadata namesKeyOnly = rootKey(policy(statement("Allow", rootArn(ACCOUNT), "kms:*"),
                statement("Allow", KEY_ONLY_ARN, "kms:CreateAlias", "kms:DeleteAlias")));
        KeyMetadata closed = closedKey();
        try (KmsClient root = kms(ROOT); KmsClient aliasOnly = kms(ALIAS_ONLY); KmsClient keyOnly = kms(KEY_ONLY);
                KmsClient aliasAdmin = kms(ALIAS_ADMIN)) {
            root.createAlias(request -> request.aliasName("alias/doomed").targetKeyId(namesKeyOnly.keyId()));
            aliasAdmin.createAlias(request -> request.aliasName("alias/kept").targetKeyId(closed.keyId()));
            assertAccessDenied(() -> keyOnly.deleteAlias(request -> request.aliasName("alias/doomed")),
                    noIdentityPolicyAllows(KEY_ONLY_ARN, "kms:DeleteAlias", aliasArn("alias/doomed")));
            assertAccessDenied(() -> aliasOnly.deleteAlias(request -> request.aliasName("alias/kept")),
                    noKeyPolicyAllows(ALIAS_ONLY_ARN, "kms:DeleteAlias", closed.arn()));
            aliasOnly.deleteAlias(request -> request.aliasName("alias/doomed"));
            assertThat(root.listAliases(request -> request.keyId(namesKeyOnly.keyId())).aliases()).isEmpty();
            assertThat(root.listAliases(request -> request.keyId(closed.keyId())).aliases()).hasSize(1);
        }
    }

    @Test
    void aGranteeWithoutPermissionsUsesTheKeyThroughTheGrantUntilItIsRevoked() {
        KeyMetadata key = rootKey(null);
        try (KmsClient root = kms(ROOT); KmsClient grantee = kms(GRANTEE)) {
            assertAccessDenied(() -> encrypt(grantee, key.keyId(), Map.of(), null),
                    noIdentityPolicyAllows(GRANTEE_ARN, "kms:Encrypt", key.arn()));
            CreateGrantResponse grant = root.createGrant(request -> request.keyId(key.keyId()).granteePrincipal(GRANTEE_ARN)
                    .operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT));
            SdkBytes ciphertext = encrypt(grantee, key.keyId(), Map.of(), grant.grantToken());
            encrypt(grantee, key.keyId(), Map.of(), null);
            assertThat(grantee.decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
                    .isEqualTo("granted");
            assertAccessDenied(() -> grantee.describeKey(request -> request.keyId(key.keyId())),
                    noIdentityPolicyAllows(GRANTEE_ARN, "kms:DescribeKey", key.arn()));
            root.revokeGrant(request -> request.keyId(key.keyId()).grantId(grant.grantId()));
            assertAccessDenied(() -> encrypt(grantee, key.keyId(), Map.of(), null),
                    noIdentityPolicyAllows(GRANTEE_ARN, "kms:Encrypt", key.arn()));
            assertAccessDenied(() -> grantee.decrypt(request -> request.ciphertextBlob(ciphertext)),
                    noIdentityPolicyAllows(GRANTEE_ARN, "kms:Decrypt", key.arn()));
        }
    }

    @Test
    void aRetiredGrantStopsAtOnce() {
        KeyMetadata key = rootKey(null);
        try (KmsClient root = kms(ROOT); KmsClient grantee = kms(GRANTEE)) {
            CreateGrantResponse grant = root.createGrant(request -> request.keyId(key.keyId()).granteePrincipal(GRANTEE_ARN)
                    .retiringPrincipal(GRANTEE_ARN).operations(GrantOperation.ENCRYPT));
            encrypt(grantee, key.keyId(), Map.of(), grant.grantToken());
            grantee.retireGrant(request -> request.keyId(key.arn()).grantId(grant.grantId()));
            assertAccessDenied(() -> encrypt(grantee, key.keyId(), Map.of(), null),
                    noIdentityPolicyAllows(GRANTEE_ARN, "kms:Encrypt", key.arn()));
        }
    }

    @Test
    void aGrantsEncryptionContextConstraintsAllowOnlyTheirContexts() {
        KeyMetadata equalsKey = rootKey(null);
        KeyMetadata subsetKey = rootKey(null);
        try (KmsClient root = kms(ROOT); KmsClient grantee = kms(GRANTEE)) {
            root.createGrant(request -> request.keyId(equalsKey.keyId()).granteePrincipal(GRANTEE_ARN)
                    .operations(GrantOperation.ENCRYPT)
                    .constraints(GrantConstraints.builder().encryptionContextEquals(Map.of("app", "orders")).build()));
            root.createGrant(request -> request.keyId(subsetKey.keyId()).granteePrincipal(GRANTEE_ARN)
                    .operations(GrantOperation.ENCRYPT)
                    .constraints(GrantConstraints.builder().encryptionContextSubset(Map.of("app", "orders")).build()));

            encrypt(grantee, equalsKey.keyId(), Map.of("app", "orders"), null);
            for (Map<String, String> context : java.util.List.of(Map.<String, String>of(), Map.of("app", "billing"),
                    Map.of("app", "orders", "stage", "prod"))) {
                assertAccessDenied(() -> encrypt(grantee, equalsKey.keyId(), context, null),
                        noIdentityPolicyAllows(GRANTEE_ARN, "kms:Encrypt", equalsKey.arn()));
            }

            encrypt(grantee, subsetKey.keyId(), Map.of("app", "orders"), null);
            encrypt(grantee, subsetKey.keyId(), Map.of("app", "orders", "stage", "prod"), null);
            for (Map<String, String> context : java.util.List.of(Map.<String, String>of(), Map.of("app", "billing"),
                    Map.of("stage", "prod"))) {
                assertAccessDenied(() -> encrypt(grantee, subsetKey.keyId(), context, null),
                        noIdentityPolicyAllows(GRANTEE_ARN, "kms:Encrypt", subsetKey.arn()));
            }
        }
    }

    @Test
    void aGrantThatAllowsCreateGrantPassesOnNoMoreThanItHolds() {
        KeyMetadata key = rootKey(null);
        try (KmsClient root = kms(ROOT); KmsClient grantee = kms(GRANTEE)) {
            root.createGrant(request -> request.keyId(key.keyId()).granteePrincipal(GRANTEE_ARN)
                    .operations(GrantOperation.DECRYPT, GrantOperation.ENCRYPT, GrantOperation.CREATE_GRANT)
                    .constraints(GrantConstraints.builder().encryptionContextSubset(Map.of("Department", "IT")).build()));
            // Stricter: a subset with one more pair, or an equals holding the parent's pairs.
            grantee.createGrant(request -> request.keyId(key.arn()).granteePrincipal(KEY_ONLY_ARN)
                    .operations(GrantOperation.DECRYPT)
                    .constraints(GrantConstraints.builder().encryptionContextSubset(Map.of("Department", "IT", "Team", "a"))
                            .build()));
            grantee.createGrant(request -> request.keyId(key.arn()).granteePrincipal(KEY_ONLY_ARN)
                    .operations(GrantOperation.ENCRYPT, GrantOperation.CREATE_GRANT)
                    .constraints(GrantConstraints.builder().encryptionContextEquals(Map.of("Department", "IT")).build()));
            // Broader: no constraint, another pair instead of the parent's, or an operation the parent lacks.
            for (GrantConstraints constraints : java.util.Arrays.asList(null,
                    GrantConstraints.builder().encryptionContextSubset(Map.of("Team", "a")).build(),
                    GrantConstraints.builder().encryptionContextEquals(Map.of("Department", "HR")).build())) {
                assertAccessDenied(() -> grantee.createGrant(request -> request.keyId(key.arn())
                        .granteePrincipal(KEY_ONLY_ARN).operations(GrantOperation.DECRYPT).constraints(constraints)),
                        noIdentityPolicyAllows(GRANTEE_ARN, "kms:CreateGrant", key.arn()));
            }
            assertAccessDenied(() -> grantee.createGrant(request -> request.keyId(key.arn()).granteePrincipal(KEY_ONLY_ARN)
                    .operations(GrantOperation.RE_ENCRYPT_FROM)
                    .constraints(GrantConstraints.builder().encryptionContextSubset(Map.of("Department", "IT")).build())),
                    noIdentityPolicyAllows(GRANTEE_ARN, "kms:CreateGrant", key.arn()));
            assertThat(root.listGrants(request -> request.keyId(key.keyId())).grants()).hasSize(3);
        }
    }

    private static SdkBytes encrypt(KmsClient client, String keyId, Map<String, String> context, String grantToken) {
        return client.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("granted"))
                .encryptionContext(context.isEmpty() ? null : context)
                .grantTokens(grantToken == null ? null : java.util.List.of(grantToken))).ciphertextBlob();
    }
}
