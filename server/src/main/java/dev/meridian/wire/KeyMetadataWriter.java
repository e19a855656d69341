package dev.meridian.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.core.KeyView;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.KeyState;

/** Writes {@code KeyMetadata} with exactly the members AWS sends for a key in its state. */
final class KeyMetadataWriter {
    private KeyMetadataWriter() {
    }

    static ObjectNode write(KeyView view) {
        KeyRecord key = view.record();
        KeyReference reference = key.reference();
        ObjectNode metadata = Json.object();
        metadata.put("AWSAccountId", reference.account().value());
        metadata.put("KeyId", reference.keyId().value());
        metadata.put("Arn", key.arn());
        metadata.put("CreationDate", Json.epochSeconds(key.creationDate()));
        metadata.put("Enabled", key.enabled());
        metadata.put("Description", key.description());
        metadata.put("KeyUsage", key.keyUsage().name());
        metadata.put("KeyState", key.state().name());
        if (key.deletionDate() != null) {
            metadata.put("DeletionDate", Json.epochSeconds(key.deletionDate()));
        }
        metadata.put("Origin", key.origin().name());
        metadata.put("KeyManager", key.keyManager().name());
        metadata.put("CustomerMasterKeySpec", key.keySpec().name());
        metadata.put("KeySpec", key.keySpec().name());
        metadata.set(algorithmsMember(key.keyUsage()), Json.strings(key.keySpec().algorithms(key.keyUsage())));
        metadata.put("MultiRegion", key.multiRegion());
        if (key.multiRegion()) {
            ObjectNode configuration = Json.object();
            configuration.put("MultiRegionKeyType", key.isPrimary() ? "PRIMARY" : "REPLICA");
            configuration.set("PrimaryKey", regionalKey(view.primary()));
            configuration.set("ReplicaKeys", Json.objects(view.replicas(), KeyMetadataWriter::regionalKey));
            metadata.set("MultiRegionConfiguration", configuration);
        }
        // AWS shows CurrentKeyMaterialId only for symmetric encryption keys, the keys that rotate (KeyMetadata's
        // documentation), never for HMAC or asymmetric keys.
        if (view.currentKeyMaterialId() != null && key.keySpec() == KeySpec.SYMMETRIC_DEFAULT) {
            metadata.put("CurrentKeyMaterialId", view.currentKeyMaterialId());
        }
        if (view.materialExpiry() != null) {
            metadata.put("ExpirationModel", view.materialExpiry().expires() ? "KEY_MATERIAL_EXPIRES"
                    : "KEY_MATERIAL_DOES_NOT_EXPIRE");
            if (view.materialExpiry().expires()) {
                metadata.put("ValidTo", Json.epochSeconds(view.materialExpiry().validTo()));
            }
        }
        if (key.state() == KeyState.PendingReplicaDeletion) {
            metadata.put("PendingDeletionWindowInDays", key.pendingDeletionWindowInDays());
        }
        return metadata;
    }

    private static ObjectNode regionalKey(KeyReference key) {
        return Json.object().put("Arn", key.arn()).put("Region", key.region().name());
    }

    /** The member of KeyMetadata (and GetPublicKey's answer) that lists the algorithms of a key of {@code usage}. */
    static String algorithmsMember(KeyUsage usage) {
        return switch (usage) {
            case ENCRYPT_DECRYPT -> "EncryptionAlgorithms";
            case SIGN_VERIFY -> "SigningAlgorithms";
            case GENERATE_VERIFY_MAC -> "MacAlgorithms";
            case KEY_AGREEMENT -> "KeyAgreementAlgorithms";
        };
    }
}
