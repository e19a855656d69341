package dev.meridian.it;

import static dev.meridian.it.GrantIT.GRANTEE;
import static dev.meridian.it.GrantIT.grant;
import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.InvalidArnException;
import software.amazon.awssdk.services.kms.model.InvalidGrantIdException;
import software.amazon.awssdk.services.kms.model.InvalidGrantTokenException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** Every way a grant request can be refused, with AWS's error, message and status; a refusal changes nothing. */
class GrantErrorsIT {
    private static final String REGION = "us-east-2";
    private static final String INVALID_TOKEN = "The request was rejected because the specified grant token is not valid.";
    private static final String INVALID_GRANT_ID = "The request was rejected because the specified GrantId is not valid.";
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();

    private static KmsClient client() {
        return kms.client(REGION);
    }

    private static int grantCount(String keyId) {
        return GrantIT.grantCount(client(), keyId);
    }

    @Test
    void theKeyOfAGrantOperationIsAKeyIdOrKeyArnNeverAnAlias() {
        String keyId = kms.createKey(REGION);
        client().createAlias(request -> request.aliasName("alias/granted").targetKeyId(keyId));
        String aliasArn = "arn:aws:kms:" + REGION + ":" + KmsTestSupport.ACCOUNT + ":alias/granted";
        String message = "Key Aliases are not supported for this operation.";

        assertKmsError(() -> client().createGrant(request -> request.keyId("alias/granted").granteePrincipal(GRANTEE)
                .operations(GrantOperation.ENCRYPT)), InvalidArnException.class, message);
        assertKmsError(() -> client().createGrant(request -> request.keyId(aliasArn).granteePrincipal(GRANTEE)
                .operations(GrantOperation.ENCRYPT)), InvalidArnException.class, message);
        assertKmsError(() -> client().listGrants(request -> request.keyId("alias/granted")),
                InvalidArnException.class, message);
        assertKmsError(() -> client().revokeGrant(request -> request.keyId("alias/granted").grantId("a".repeat(64))),
                InvalidArnException.class, message);
        assertThat(grantCount(keyId)).isZero();
    }

    @Test
    void aMissingOrMalformedKeyIsNotFound() {
        String missing = "00000000-1111-2222-3333-444444444444";
        assertKmsError(() -> client().createGrant(request -> request.keyId(missing).granteePrincipal(GRANTEE)
                .operations(GrantOperation.ENCRYPT)), NotFoundException.class,
                "Key '" + arn(REGION, missing) + "' does not exist");
        assertKmsError(() -> client().listGrants(request -> request.keyId("not-a-key")), NotFoundException.class,
                "Invalid keyId 'not-a-key'");
    }

    @Test
    void operationsASymmetricKeyDoesNotSupportAreRefused() {
        String keyId = kms.createKey(REGION);

        assertUndeclaredError(() -> grant(client(), keyId, GrantOperation.ENCRYPT, GrantOperation.SIGN,
                GrantOperation.GET_PUBLIC_KEY), "ValidationException", "The grant operations Sign, GetPublicKey are not"
                + " valid for " + arn(REGION, keyId) + " whose key spec is SYMMETRIC_DEFAULT.");
        assertUndeclaredError(() -> grant(client(), keyId, GrantOperation.GENERATE_MAC), "ValidationException",
                "The grant operations GenerateMac are not valid for " + arn(REGION, keyId)
                        + " whose key spec is SYMMETRIC_DEFAULT.");
        assertThat(grantCount(keyId)).isZero();
    }

    @Test
    void aGrantNeedsOperationsBeyondCreateGrantAndExactlyOneGrantee() {
        String keyId = kms.createKey(REGION);

        assertUndeclaredError(() -> grant(client(), keyId, GrantOperation.CREATE_GRANT), "ValidationException",
                "Grants must not contain only the CreateGrant operation.");
        assertUndeclaredError(() -> grant(client(), keyId), "ValidationException", "1 validation error detected:"
                + " Value '[]' at 'operations' failed to satisfy constraint: Member must have length greater than or"
                + " equal to 1");
        assertUndeclaredError(() -> client().createGrant(request -> request.keyId(keyId)
                .operations(GrantOperation.ENCRYPT)), "ValidationException", "1 validation error detected: Value null"
                + " at 'granteePrincipal' failed to satisfy constraint: Member must not be null");
        assertUndeclaredError(() -> client().createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE)
                .granteeServicePrincipal("logs.us-east-2.amazonaws.com").operations(GrantOperation.ENCRYPT)),
                "ValidationException", "You cannot specify both GranteePrincipal and GranteeServicePrincipal.");
        assertUndeclaredError(() -> client().createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE)
                .retiringPrincipal(GRANTEE).retiringServicePrincipal("logs.us-east-2.amazonaws.com")
                .operations(GrantOperation.ENCRYPT)),
                "ValidationException", "You cannot specify both RetiringPrincipal and RetiringServicePrincipal.");
        assertThat(grantCount(keyId)).isZero();
    }

    @Test
    void granteeAndRetiringPrincipalsMustBePrincipalArns() {
        String keyId = kms.createKey(REGION);
        for (String principal : new String[] {"alice", "111122223333", "arn:aws:iam::111122223333:group/admins",
                "arn:aws:kms:us-east-2:111122223333:key/" + keyId, "arn:aws:iam::1111:role/short-account"}) {
            assertKmsError(() -> client().createGrant(request -> request.keyId(keyId).granteePrincipal(principal)
                    .operations(GrantOperation.ENCRYPT)), InvalidArnException.class,
                    "ARN does not refer to a valid principal: " + principal);
            assertKmsError(() -> client().createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE)
                    .retiringPrincipal(principal).operations(GrantOperation.ENCRYPT)), InvalidArnException.class,
                    "ARN does not refer to a valid principal: " + principal);
        }
        for (String principal : new String[] {"arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:user/a/b",
                "arn:aws:sts::111122223333:assumed-role/deploy/session-1", "arn:aws-cn:iam::111122223333:role/r",
                "logs.us-east-2.amazonaws.com"}) {
            assertThat(client().createGrant(request -> request.keyId(keyId).granteePrincipal(principal)
                    .retiringPrincipal(principal).operations(GrantOperation.ENCRYPT)).grantId()).hasSize(64);
        }
        assertThat(grantCount(keyId)).isEqualTo(5);
    }

    @Test
    void aGrantConstraintHasOneKindOfEncryptionContextOfAtMostEightPairs() {
        String keyId = kms.createKey(REGION);

        assertUndeclaredError(() -> client().createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE)
                .operations(GrantOperation.DECRYPT).constraints(constraints -> constraints
                        .encryptionContextEquals(Map.of("a", "1")).encryptionContextSubset(Map.of("b", "2")))),
                "ValidationException", "A grant constraint can have EncryptionContextEquals or EncryptionContextSubset,"
                        + " not both.");
        Map<String, String> nine = new java.util.HashMap<>();
        for (int i = 0; i < 9; i++) {
            nine.put("key" + i, "value");
        }
        assertUndeclaredError(() -> client().createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE)
                .operations(GrantOperation.DECRYPT).constraints(constraints -> constraints.encryptionContextEquals(nine))),
                "ValidationException", "A grant constraint can have at most 8 encryption context pairs.");
        assertUndeclaredError(() -> client().createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE)
                .operations(GrantOperation.DECRYPT).constraints(constraints -> constraints
                        .encryptionContextSubset(Map.of("long", "v".repeat(385))))),
                "ValidationException", "An encryption context value in a grant constraint cannot exceed 384 characters.");
        assertThat(grantCount(keyId)).isZero();

        client().createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE).operations(GrantOperation.DECRYPT,
                GrantOperation.DESCRIBE_KEY, GrantOperation.RETIRE_GRANT).constraints(constraints -> constraints
                .encryptionContextEquals(Map.of("a", "1")).encryptionContextSubset(Map.of())));
        assertThat(client().listGrants(request -> request.keyId(keyId)).grants().get(0).constraints()
                .encryptionContextEquals()).isEqualTo(Map.of("a", "1"));
    }

    @Test
    void aKeyPendingDeletionTakesNoNewGrant() {
        String keyId = kms.createKey(REGION);
        client().scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7));

        assertKmsError(() -> grant(client(), keyId, GrantOperation.ENCRYPT), KmsInvalidStateException.class,
                arn(REGION, keyId) + " is pending deletion.");
    }

    @Test
    void revokeAndRetireRefuseAMalformedGrantIdAndAnUnknownOne() {
        String keyId = kms.createKey(REGION);
        String unknown = "b".repeat(64);

        assertKmsError(() -> client().revokeGrant(request -> request.keyId(keyId).grantId("not-a-grant-id")),
                InvalidGrantIdException.class, INVALID_GRANT_ID);
        assertKmsError(() -> client().retireGrant(request -> request.keyId(keyId).grantId("not-a-grant-id")),
                InvalidGrantIdException.class, INVALID_GRANT_ID);
        assertKmsError(() -> client().listGrants(request -> request.keyId(keyId).grantId("not-a-grant-id")),
                InvalidGrantIdException.class, INVALID_GRANT_ID);
        String notFound = "Grant " + unknown + " does not exist for key '" + arn(REGION, keyId) + "'.";
        assertKmsError(() -> client().revokeGrant(request -> request.keyId(keyId).grantId(unknown)),
                NotFoundException.class, notFound);
        assertKmsError(() -> client().retireGrant(request -> request.keyId(keyId).grantId(unknown)),
                NotFoundException.class, notFound);
    }

    @Test
    void aGrantIsRemovedOnceAndThenIsNotFound() {
        String keyId = kms.createKey(REGION);
        var created = grant(client(), keyId, GrantOperation.ENCRYPT);
        client().revokeGrant(request -> request.keyId(keyId).grantId(created.grantId()));

        String notFound = "Grant " + created.grantId() + " does not exist for key '" + arn(REGION, keyId) + "'.";
        assertKmsError(() -> client().retireGrant(request -> request.grantToken(created.grantToken())),
                NotFoundException.class, notFound);
        assertKmsError(() -> client().revokeGrant(request -> request.keyId(keyId).grantId(created.grantId())),
                NotFoundException.class, notFound);
    }

    @Test
    void retireGrantNeedsATokenOrAKeyAndAGrantId() {
        String keyId = kms.createKey(REGION);
        String message = "Grant token OR (grant ID, key ID) must be specified";

        assertUndeclaredError(() -> client().retireGrant(request -> { }), "ValidationException", message);
        assertUndeclaredError(() -> client().retireGrant(request -> request.keyId(keyId)), "ValidationException",
                message);
        assertUndeclaredError(() -> client().retireGrant(request -> request.grantId("c".repeat(64))),
                "ValidationException", message);
    }

    @Test
    void aTokenMeridianDidNotIssueIsRefusedEverywhereItIsTaken() {
        String keyId = kms.createKey(REGION);
        String forged = Base64.getEncoder().encodeToString("not a grant token".getBytes());
        var created = grant(client(), keyId, GrantOperation.ENCRYPT);

        assertKmsError(() -> client().retireGrant(request -> request.grantToken(forged)),
                InvalidGrantTokenException.class, INVALID_TOKEN);
        assertKmsError(() -> client().retireGrant(request -> request.grantToken("!!!")),
                InvalidGrantTokenException.class, INVALID_TOKEN);
        byte[] sealed = Base64.getUrlDecoder().decode(created.grantToken());
        sealed[sealed.length / 2] ^= 1;
        String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
        String namingTheGrant = Base64.getUrlEncoder().withoutPadding().encodeToString((KmsTestSupport.ACCOUNT + "|"
                + REGION + "|" + keyId + "|" + created.grantId()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String token : new String[] {altered, namingTheGrant}) {
            assertKmsError(() -> client().retireGrant(request -> request.grantToken(token)),
                    InvalidGrantTokenException.class, INVALID_TOKEN);
        }
        assertKmsError(() -> client().encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))
                .grantTokens(created.grantToken(), forged)), InvalidGrantTokenException.class, INVALID_TOKEN);
        assertKmsError(() -> client().generateDataKeyWithoutPlaintext(request -> request.keyId(keyId)
                .keySpec("AES_256").grantTokens(forged)), InvalidGrantTokenException.class, INVALID_TOKEN);
        assertKmsError(() -> client().createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE)
                .operations(GrantOperation.ENCRYPT).grantTokens(forged)), InvalidGrantTokenException.class, INVALID_TOKEN);
        assertThat(grantCount(keyId)).isEqualTo(1);
    }

    @Test
    void aTokenOfAnotherRegionDoesNotRetireAGrantHere() {
        String keyId = kms.createKey(REGION);
        var created = grant(client(), keyId, GrantOperation.ENCRYPT);

        assertKmsError(() -> kms.client("eu-north-1").retireGrant(request -> request.grantToken(created.grantToken())),
                InvalidGrantTokenException.class, INVALID_TOKEN);
        assertThat(grantCount(keyId)).isEqualTo(1);
    }
}
