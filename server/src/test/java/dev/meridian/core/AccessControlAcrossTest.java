package dev.meridian.core;

import static dev.meridian.core.CoreFixture.assertRefused;
import static dev.meridian.core.StrictFixture.ALICE;
import static dev.meridian.core.StrictFixture.BOB;
import static dev.meridian.core.StrictFixture.CAROL;
import static dev.meridian.core.StrictFixture.OTHER;
import static dev.meridian.core.StrictFixture.REGION;
import static dev.meridian.core.StrictFixture.ROOT;
import static dev.meridian.core.StrictFixture.WEST;
import static dev.meridian.core.StrictFixture.arn;
import static dev.meridian.core.StrictFixture.as;
import static dev.meridian.core.StrictFixture.keyPolicy;
import static dev.meridian.core.StrictFixture.noIdentityPolicy;
import static dev.meridian.core.StrictFixture.noKeyPolicy;
import static dev.meridian.core.StrictFixture.otherAccount;
import static dev.meridian.core.StrictFixture.rootStatement;
import static dev.meridian.core.StrictFixture.statement;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.meridian.model.Grant;
import dev.meridian.model.Tag;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Strict mode below HTTP where more than one permission or party is involved: grants (operations, constraints,
 * retired and revoked), another account's caller, ReplicateKey's three permissions each missing alone, and
 * UpdatePrimaryRegion's two keys.
 */
class AccessControlAcrossTest {
    private static final byte[] DATA = {1, 2, 3};
    private final StrictFixture strict = new StrictFixture(AccessControl.Mode.STRICT);
    private final KeyManagementService service = strict.service;

    @AfterEach
    void close() {
        strict.close();
    }

    private Grants.CreatedGrant grant(String keyId, String grantee, List<String> operations, Grant.Constraints constraints,
            String retiringPrincipal) {
        return service.grants().createGrant(as(ROOT), new CreateGrantRequest(keyId, grantee, null, retiringPrincipal, null,
                operations, constraints, null));
    }

    @Test
    void aGrantAllowsExactlyItsOperationsToItsGranteeUnderItsConstraints() {
        String keyId = strict.createKey(null);
        grant(keyId, ALICE.arn(), List.of("Encrypt", "GenerateDataKey"), new Grant.Constraints(null, Map.of("app", "x"), null),
                null);
        assertThatCode(() -> service.cryptography().encrypt(as(ALICE), keyId, DATA, Map.of("app", "x", "more", "y"), null))
                .doesNotThrowAnyException();
        assertRefused(() -> service.cryptography().encrypt(as(ALICE), keyId, DATA, Map.of("app", "z"), null),
                ErrorCode.ACCESS_DENIED, noIdentityPolicy(ALICE, "kms:Encrypt", arn(keyId)));
        assertRefused(() -> service.cryptography().encrypt(as(ALICE), keyId, DATA, null, null),
                ErrorCode.ACCESS_DENIED, noIdentityPolicy(ALICE, "kms:Encrypt", arn(keyId)));
        assertRefused(() -> service.lifecycle().describeKey(as(ALICE), keyId), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(ALICE, "kms:DescribeKey", arn(keyId)));
        assertRefused(() -> service.cryptography().encrypt(as(BOB), keyId, DATA, Map.of("app", "x"), null),
                ErrorCode.ACCESS_DENIED, noIdentityPolicy(BOB, "kms:Encrypt", arn(keyId)));

        String exact = strict.createKey(null);
        grant(exact, ALICE.arn(), List.of("Encrypt"), new Grant.Constraints(Map.of("app", "x"), null, null), null);
        assertThatCode(() -> service.cryptography().encrypt(as(ALICE), exact, DATA, Map.of("app", "x"), null))
                .doesNotThrowAnyException();
        assertRefused(() -> service.cryptography().encrypt(as(ALICE), exact, DATA, Map.of("app", "x", "more", "y"), null),
                ErrorCode.ACCESS_DENIED, noIdentityPolicy(ALICE, "kms:Encrypt", arn(exact)));
    }

    @Test
    void aGrantToARoleServesItsSessions() {
        String keyId = strict.createKey(null);
        grant(keyId, StrictFixture.APP_SESSION.sessionIssuerArn(), List.of("Encrypt"), null, null);
        assertThatCode(() -> service.cryptography().encrypt(as(StrictFixture.APP_SESSION), keyId, DATA, null, null))
                .doesNotThrowAnyException();
    }

    @Test
    void aRevokedOrRetiredGrantStopsAtOnce() {
        String keyId = strict.createKey(null);
        String revoked = grant(keyId, ALICE.arn(), List.of("Encrypt"), null, null).grantId();
        service.cryptography().encrypt(as(ALICE), keyId, DATA, null, null);
        service.grants().revokeGrant(as(ROOT), keyId, revoked);
        assertRefused(() -> service.cryptography().encrypt(as(ALICE), keyId, DATA, null, null), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(ALICE, "kms:Encrypt", arn(keyId)));

        Grants.CreatedGrant retired = grant(keyId, ALICE.arn(), List.of("Encrypt"), null, BOB.arn());
        service.cryptography().encrypt(as(ALICE), keyId, DATA, null, null);
        // Neither the grantee (without RetireGrant in the grant) nor another user may retire it; its retiring principal may.
        assertRefused(() -> service.grants().retireGrant(as(ALICE), null, keyId, retired.grantId()), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(ALICE, "kms:RetireGrant", arn(keyId)));
        assertRefused(() -> service.grants().retireGrant(as(StrictFixture.APP_SESSION), retired.grantToken(), null, null),
                ErrorCode.ACCESS_DENIED, noIdentityPolicy(StrictFixture.APP_SESSION, "kms:RetireGrant", arn(keyId)));
        service.grants().retireGrant(as(BOB), retired.grantToken(), null, null);
        assertRefused(() -> service.cryptography().encrypt(as(ALICE), keyId, DATA, null, null), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(ALICE, "kms:Encrypt", arn(keyId)));

        // A grantee whose grant lists RetireGrant may retire it.
        String own = grant(keyId, ALICE.arn(), List.of("Encrypt", "RetireGrant"), null, null).grantId();
        assertThatCode(() -> service.grants().retireGrant(as(ALICE), null, keyId, own)).doesNotThrowAnyException();
    }

    @Test
    void grantOperationsNeedTheirPermissions() {
        String keyId = strict.createKey(null);
        CreateGrantRequest request = new CreateGrantRequest(keyId, BOB.arn(), null, null, null, List.of("Encrypt"), null, null);
        assertRefused(() -> service.grants().createGrant(as(ALICE), request), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(ALICE, "kms:CreateGrant", arn(keyId)));
        strict.allow(ALICE, "kms:CreateGrant");
        String grantId = service.grants().createGrant(as(ALICE), request).grantId();
        assertRefused(() -> service.grants().listGrants(as(ALICE), keyId, null, null, null, null, null),
                ErrorCode.ACCESS_DENIED, noIdentityPolicy(ALICE, "kms:ListGrants", arn(keyId)));
        assertRefused(() -> service.grants().revokeGrant(as(ALICE), keyId, grantId), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(ALICE, "kms:RevokeGrant", arn(keyId)));
        strict.allow(ALICE, "kms:ListGrants", "kms:RevokeGrant");
        assertThatCode(() -> service.grants().listGrants(as(ALICE), keyId, null, null, null, null, null))
                .doesNotThrowAnyException();
        assertThatCode(() -> service.grants().revokeGrant(as(ALICE), keyId, grantId)).doesNotThrowAnyException();
    }

    @Test
    void aGrantThatAllowsCreateGrantDelegatesOnlyItsOwnOperations() {
        String keyId = strict.createKey(null);
        grant(keyId, ALICE.arn(), List.of("Encrypt", "CreateGrant"), null, null);
        assertThatCode(() -> service.grants().createGrant(as(ALICE), new CreateGrantRequest(keyId, BOB.arn(), null, null,
                null, List.of("Encrypt"), null, null))).doesNotThrowAnyException();
        assertRefused(() -> service.grants().createGrant(as(ALICE), new CreateGrantRequest(keyId, BOB.arn(), null, null,
                null, List.of("Encrypt", "Decrypt"), null, null)), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(ALICE, "kms:CreateGrant", arn(keyId)));
        assertThatCode(() -> service.cryptography().encrypt(as(BOB), keyId, DATA, null, null)).doesNotThrowAnyException();
    }

    @Test
    void anotherAccountsCallerNeedsTheKeyPolicyAndItsOwnIdentityPolicies() {
        String keyId = strict.createKey(keyPolicy(rootStatement(), statement("Allow", OTHER.value(), "kms:Encrypt",
                "kms:DisableKey", "kms:DescribeKey")));
        String keyArn = arn(keyId);
        assertRefused(() -> service.cryptography().encrypt(as(CAROL), keyArn, DATA, null, null), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(CAROL, "kms:Encrypt", keyArn));
        strict.allow(CAROL, "kms:*");
        assertThatCode(() -> service.cryptography().encrypt(as(CAROL), keyArn, DATA, null, null)).doesNotThrowAnyException();
        // Not in the key policy: form 5, as for a key that does not exist.
        byte[] ciphertext = service.cryptography().encrypt(as(ROOT), keyId, DATA, null, null).ciphertext();
        assertRefused(() -> service.cryptography().decrypt(as(CAROL), ciphertext, null, null, null), ErrorCode.ACCESS_DENIED,
                otherAccount(CAROL, "kms:Decrypt"));
        // An operation that cannot cross accounts, whatever both policies say.
        assertRefused(() -> service.lifecycle().disableKey(as(CAROL), keyArn), ErrorCode.ACCESS_DENIED,
                otherAccount(CAROL, "kms:DisableKey"));
        // The other account's root needs no identity policy.
        dev.meridian.model.Principal otherRoot = dev.meridian.model.Principal.root(OTHER, StrictFixture.AWS, "AKIAOTHER");
        assertThatCode(() -> service.lifecycle().describeKey(as(otherRoot), keyArn)).doesNotThrowAnyException();
        // A grant to a principal of another account works without the key policy.
        String granted = strict.createKey(null);
        grant(granted, CAROL.arn(), List.of("Encrypt"), null, null);
        assertThatCode(() -> service.cryptography().encrypt(as(CAROL), arn(granted), DATA, null, null))
                .doesNotThrowAnyException();
    }

    @Test
    void replicateKeyIsRefusedForEachMissingPermissionAlone() {
        String keyId = strict.createPrimary(null);
        List<Tag> tags = List.of(new Tag("team", "a"));
        ReplicateKeyRequest request = new ReplicateKeyRequest(keyId, WEST, null, true, null, tags);
        strict.allow(ALICE, "kms:CreateKey", "kms:TagResource");
        assertRefused(() -> service.multiRegion().replicateKey(as(ALICE), request), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(ALICE, "kms:ReplicateKey", arn(keyId)));
        strict.allow(ALICE, "kms:ReplicateKey", "kms:TagResource");
        assertRefused(() -> service.multiRegion().replicateKey(as(ALICE), request), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(ALICE, "kms:CreateKey", "*"));
        strict.allow(ALICE, "kms:ReplicateKey", "kms:CreateKey");
        assertRefused(() -> service.multiRegion().replicateKey(as(ALICE), request), ErrorCode.ACCESS_DENIED,
                "User: " + ALICE.arn() + " is not authorized to perform: kms:TagResource because no identity-based policy"
                        + " allows the kms:TagResource action");
        // Without tags, kms:TagResource is not needed.
        assertThatCode(() -> service.multiRegion().replicateKey(as(ALICE), new ReplicateKeyRequest(keyId, WEST, null, true,
                null, null))).doesNotThrowAnyException();
        String other = strict.createPrimary(null);
        strict.allow(ALICE, "kms:ReplicateKey", "kms:CreateKey", "kms:TagResource");
        assertThatCode(() -> service.multiRegion().replicateKey(as(ALICE), new ReplicateKeyRequest(other, WEST, null, true,
                null, tags))).doesNotThrowAnyException();
    }

    @Test
    void updatePrimaryRegionNeedsThePermissionOnBothKeys() throws InterruptedException {
        String keyId = strict.createPrimary(keyPolicy(rootStatement(), statement("Allow", ALICE.arn(), "kms:UpdatePrimaryRegion")));
        // The replica's own policy: only bob (and the root's PutKeyPolicy).
        service.multiRegion().replicateKey(as(ROOT), new ReplicateKeyRequest(keyId, WEST, keyPolicy(
                statement("Allow", ROOT.arn(), "kms:PutKeyPolicy"), statement("Allow", BOB.arn(), "kms:*")), true, null, null));
        strict.passReplicationDelay();
        assertRefused(() -> service.multiRegion().updatePrimaryRegion(as(ALICE), keyId, WEST), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(ALICE, "kms:UpdatePrimaryRegion", arn(WEST, keyId)));
        strict.allow(ALICE, "kms:UpdatePrimaryRegion");
        assertRefused(() -> service.multiRegion().updatePrimaryRegion(as(ALICE), keyId, WEST), ErrorCode.ACCESS_DENIED,
                noKeyPolicy(ALICE, "kms:UpdatePrimaryRegion", arn(WEST, keyId)));
        // Bob: the replica's policy names him, the primary's delegates to the account and his identity policies say nothing.
        assertRefused(() -> service.multiRegion().updatePrimaryRegion(as(BOB), keyId, WEST), ErrorCode.ACCESS_DENIED,
                noIdentityPolicy(BOB, "kms:UpdatePrimaryRegion", arn(REGION, keyId)));
        strict.allow(BOB, "kms:UpdatePrimaryRegion");
        assertThatCode(() -> service.multiRegion().updatePrimaryRegion(as(BOB), keyId, WEST)).doesNotThrowAnyException();
    }
}
