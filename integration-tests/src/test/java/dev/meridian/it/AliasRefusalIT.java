package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.InvalidArnException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.Tag;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * An alias name or alias ARN given to an operation whose key member the API reference documents as "key ID
 * or key ARN" is {@code InvalidArnException} "Key Aliases are not supported for this operation." (as AWS
 * answers GetKeyPolicy), and changes nothing; the operations documented with aliases take them.
 */
class AliasRefusalIT {
    private static final String REGION = "eu-west-1";
    private static final String MESSAGE = "Key Aliases are not supported for this operation.";
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();

    private static KmsClient client() {
        return kms.client(REGION);
    }

    private static String aliasOf(String keyId, String name) {
        client().createAlias(request -> request.aliasName("alias/" + name).targetKeyId(keyId));
        return "alias/" + name;
    }

    private static String arnOf(String aliasName) {
        return "arn:aws:kms:" + REGION + ":" + KmsTestSupport.ACCOUNT + ":" + aliasName;
    }

    /** The calls that take a key by ID or ARN only, each naming the key {@code key}. */
    private static Map<String, Consumer<String>> keyIdOrArnOperations() {
        Map<String, Consumer<String>> calls = new LinkedHashMap<>();
        KmsClient kms = client();
        calls.put("GetKeyPolicy", key -> kms.getKeyPolicy(r -> r.keyId(key).policyName("default")));
        calls.put("PutKeyPolicy", key -> kms.putKeyPolicy(r -> r.keyId(key).policyName("default")
                .policy(MultiRegionSupport.defaultPolicy())));
        calls.put("ListKeyPolicies", key -> kms.listKeyPolicies(r -> r.keyId(key)));
        calls.put("EnableKey", key -> kms.enableKey(r -> r.keyId(key)));
        calls.put("DisableKey", key -> kms.disableKey(r -> r.keyId(key)));
        calls.put("UpdateKeyDescription", key -> kms.updateKeyDescription(r -> r.keyId(key).description("changed")));
        calls.put("ScheduleKeyDeletion", key -> kms.scheduleKeyDeletion(r -> r.keyId(key)));
        calls.put("CancelKeyDeletion", key -> kms.cancelKeyDeletion(r -> r.keyId(key)));
        calls.put("CreateGrant", key -> kms.createGrant(r -> r.keyId(key)
                .granteePrincipal("arn:aws:iam::111122223333:role/grantee").operations(GrantOperation.ENCRYPT)));
        calls.put("ListGrants", key -> kms.listGrants(r -> r.keyId(key)));
        calls.put("RevokeGrant", key -> kms.revokeGrant(r -> r.keyId(key).grantId("a".repeat(64))));
        calls.put("RetireGrant", key -> kms.retireGrant(r -> r.keyId(key).grantId("a".repeat(64))));
        calls.put("TagResource", key -> kms.tagResource(r -> r.keyId(key)
                .tags(Tag.builder().tagKey("k").tagValue("v").build())));
        calls.put("UntagResource", key -> kms.untagResource(r -> r.keyId(key).tagKeys("k")));
        calls.put("ListResourceTags", key -> kms.listResourceTags(r -> r.keyId(key)));
        calls.put("EnableKeyRotation", key -> kms.enableKeyRotation(r -> r.keyId(key)));
        calls.put("DisableKeyRotation", key -> kms.disableKeyRotation(r -> r.keyId(key)));
        calls.put("GetKeyRotationStatus", key -> kms.getKeyRotationStatus(r -> r.keyId(key)));
        calls.put("RotateKeyOnDemand", key -> kms.rotateKeyOnDemand(r -> r.keyId(key)));
        calls.put("ListKeyRotations", key -> kms.listKeyRotations(r -> r.keyId(key)));
        calls.put("ReplicateKey", key -> kms.replicateKey(r -> r.keyId(key).replicaRegion("eu-central-1")));
        calls.put("UpdatePrimaryRegion", key -> kms.updatePrimaryRegion(r -> r.keyId(key).primaryRegion("eu-central-1")));
        calls.put("GetParametersForImport", key -> kms.getParametersForImport(r -> r.keyId(key)
                .wrappingAlgorithm(AlgorithmSpec.RSAES_OAEP_SHA_256).wrappingKeySpec(WrappingKeySpec.RSA_2048)));
        calls.put("ImportKeyMaterial", key -> kms.importKeyMaterial(r -> r.keyId(key)
                .importToken(SdkBytes.fromByteArray(new byte[64]))
                .encryptedKeyMaterial(SdkBytes.fromByteArray(new byte[256]))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)));
        calls.put("DeleteImportedKeyMaterial", key -> kms.deleteImportedKeyMaterial(r -> r.keyId(key)));
        calls.put("GetKeyLastUsage", key -> kms.getKeyLastUsage(r -> r.keyId(key)));
        calls.put("ListAliases", key -> kms.listAliases(r -> r.keyId(key)));
        return calls;
    }

    @Test
    void everyOperationThatTakesOnlyAKeyIdOrKeyArnRefusesAliasNamesAndAliasArns() {
        String keyId = MultiRegionSupport.createPrimary(client());
        String name = aliasOf(keyId, "refused");
        KeyMetadata before = client().describeKey(request -> request.keyId(keyId)).keyMetadata();

        for (Map.Entry<String, Consumer<String>> operation : keyIdOrArnOperations().entrySet()) {
            for (String alias : new String[] {name, arnOf(name)}) {
                ThrowingCallable call = () -> operation.getValue().accept(alias);
                assertKmsError(call, InvalidArnException.class, MESSAGE);
            }
        }

        KeyMetadata after = client().describeKey(request -> request.keyId(keyId)).keyMetadata();
        assertThat(after.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(after.description()).isEqualTo(before.description());
        assertThat(after.multiRegionConfiguration()).isEqualTo(before.multiRegionConfiguration());
        assertThat(client().listResourceTags(request -> request.keyId(keyId)).tags()).isEmpty();
        assertThat(client().listGrants(request -> request.keyId(keyId)).grants()).isEmpty();
    }

    @Test
    void theOperationsDocumentedWithAliasesTakeAliasNamesAndAliasArns() {
        String keyId = kms.createKey(REGION);
        String name = aliasOf(keyId, "accepted");
        for (String alias : new String[] {name, arnOf(name)}) {
            assertThat(client().describeKey(request -> request.keyId(alias)).keyMetadata().keyId()).isEqualTo(keyId);
            SdkBytes ciphertext = client().encrypt(request -> request.keyId(alias)
                    .plaintext(SdkBytes.fromUtf8String("x"))).ciphertextBlob();
            assertThat(client().decrypt(request -> request.keyId(alias).ciphertextBlob(ciphertext)).plaintext()
                    .asUtf8String()).isEqualTo("x");
            assertThat(client().reEncrypt(request -> request.sourceKeyId(alias).destinationKeyId(alias)
                    .ciphertextBlob(ciphertext)).keyId()).endsWith(keyId);
            assertThat(client().generateDataKey(request -> request.keyId(alias).numberOfBytes(16)).keyId()).endsWith(keyId);
            assertThat(client().generateDataKeyWithoutPlaintext(request -> request.keyId(alias).numberOfBytes(16))
                    .keyId()).endsWith(keyId);
        }
    }
}
