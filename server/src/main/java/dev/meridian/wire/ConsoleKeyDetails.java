package dev.meridian.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.core.KeyManagementService;
import dev.meridian.core.KeyView;
import dev.meridian.core.KmsException;
import dev.meridian.core.Rotation;
import dev.meridian.model.Alias;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.RequestContext;
import dev.meridian.model.Tag;
import java.util.List;

/**
 * One key as the console's tabs show it ({@code general}, {@code keyPolicy}, {@code cryptographicConfiguration},
 * {@code tags}, {@code rotation}, {@code regionality}, {@code aliases}), each made from the KMS read operation
 * that answers the same question (DescribeKey, GetKeyPolicy, GetPublicKey, ListResourceTags,
 * GetKeyRotationStatus and ListKeyRotations, DescribeKey in each related Region, ListAliases), so the console
 * never says what the API would not. Never key material: of an asymmetric key only its public key. Thread-safe.
 */
final class ConsoleKeyDetails {
    private final KeyManagementService service;

    ConsoleKeyDetails(KeyManagementService service) {
        this.service = service;
    }

    /** The key's tabs; an unknown key is the core's {@code NotFoundException}. */
    ObjectNode key(RequestContext caller, String keyId) {
        KeyView view = service.lifecycle().describeKey(caller, keyId);
        KeyRecord key = view.record();
        ObjectNode answer = Json.object();
        answer.set("general", general(view));
        answer.put("keyPolicy", service.policies().getKeyPolicy(caller, keyId, null));
        answer.set("cryptographicConfiguration", cryptographicConfiguration(caller, key));
        answer.set("tags", Json.objects(ConsoleKeys.all(marker -> service.tagging().listResourceTags(caller, keyId, 50,
                marker)), ConsoleKeyDetails::tag));
        answer.set("rotation", rotation(caller, key));
        answer.set("regionality", regionality(view));
        answer.set("aliases", Json.objects(ConsoleKeys.all(marker -> service.aliases().listAliases(caller, keyId, 100,
                marker)), ConsoleKeyDetails::alias));
        return answer;
    }

    /** DescribeKey's general members, with the same rules for the optional ones ({@link KeyMetadataWriter}). */
    private static ObjectNode general(KeyView view) {
        KeyRecord key = view.record();
        ObjectNode general = Json.object().put("keyId", key.reference().keyId().value()).put("arn", key.arn())
                .put("description", key.description()).put("keyState", key.state().name())
                .put("creationDate", Json.epochSeconds(key.creationDate()));
        if (key.deletionDate() != null) {
            general.put("deletionDate", Json.epochSeconds(key.deletionDate()));
        }
        general.put("enabled", key.enabled()).put("keyManager", key.keyManager().name())
                .put("origin", key.origin().name());
        if (view.materialExpiry() != null) {
            general.put("expirationModel", view.materialExpiry().expires() ? "KEY_MATERIAL_EXPIRES"
                    : "KEY_MATERIAL_DOES_NOT_EXPIRE");
            if (view.materialExpiry().expires()) {
                general.put("validTo", Json.epochSeconds(view.materialExpiry().validTo()));
            }
        }
        if (view.currentKeyMaterialId() != null && key.keySpec() == KeySpec.SYMMETRIC_DEFAULT) {
            general.put("currentKeyMaterialId", view.currentKeyMaterialId());
        }
        return general;
    }

    /**
     * The key spec and usage, the algorithms of its usage (the other lists empty), and for an asymmetric key the
     * public key (base64 of the DER SubjectPublicKeyInfo) whenever GetPublicKey gives it (not while the key is
     * disabled, for example).
     */
    private ObjectNode cryptographicConfiguration(RequestContext caller, KeyRecord key) {
        ObjectNode configuration = Json.object().put("keySpec", key.keySpec().name())
                .put("keyUsage", key.keyUsage().name());
        configuration.set("encryptionAlgorithms", algorithms(key, KeyUsage.ENCRYPT_DECRYPT));
        configuration.set("signingAlgorithms", algorithms(key, KeyUsage.SIGN_VERIFY));
        configuration.set("macAlgorithms", algorithms(key, KeyUsage.GENERATE_VERIFY_MAC));
        configuration.set("keyAgreementAlgorithms", algorithms(key, KeyUsage.KEY_AGREEMENT));
        if (key.keySpec().isAsymmetric()) {
            try {
                byte[] publicKey = service.signing().publicKey(caller, key.reference().keyId().value()).publicKeyInfo();
                configuration.put("publicKey", Json.base64(publicKey));
            } catch (KmsException e) {
                // GetPublicKey refuses the key in its state: the console shows none either.
            }
        }
        return configuration;
    }

    private static ArrayNode algorithms(KeyRecord key, KeyUsage usage) {
        return Json.strings(key.keyUsage() == usage ? key.keySpec().algorithms(usage) : List.of());
    }

    private static ObjectNode tag(Tag tag) {
        return Json.object().put("key", tag.key()).put("value", tag.value());
    }

    /**
     * GetKeyRotationStatus and ListKeyRotations: {@code supported} is false for a key they refuse or whose spec
     * never rotates (asymmetric and HMAC keys, for which GetKeyRotationStatus answers false); the rotations are
     * those ListKeyRotations lists by default, oldest first.
     */
    private ObjectNode rotation(RequestContext caller, KeyRecord key) {
        String keyId = key.reference().keyId().value();
        Rotation.RotationStatus status;
        try {
            status = service.rotation().getKeyRotationStatus(caller, keyId);
        } catch (KmsException e) {
            status = null;
        }
        boolean supported = status != null && key.keySpec() == KeySpec.SYMMETRIC_DEFAULT;
        ObjectNode rotation = Json.object().put("supported", supported)
                .put("enabled", status != null && status.enabled());
        if (status != null && status.rotationPeriodInDays() != null) {
            rotation.put("rotationPeriodInDays", status.rotationPeriodInDays());
        }
        if (status != null && status.nextRotationDate() != null) {
            rotation.put("nextRotationDate", Json.epochSeconds(status.nextRotationDate()));
        }
        List<Rotation.MaterialEntry> rotations = List.of();
        if (supported) {
            try {
                rotations = ConsoleKeys.all(marker -> service.rotation().listKeyRotations(caller, keyId, null, 1000,
                        marker));
            } catch (KmsException e) {
                // ListKeyRotations refuses a key that is still being created: it has no rotations yet.
            }
        }
        rotation.set("rotations", Json.objects(rotations, entry -> Json.object()
                .put("keyMaterialId", entry.info().keyMaterialId())
                .put("rotationDate", Json.epochSeconds(entry.info().createdAt()))
                .put("rotationType", entry.info().rotationType().name())));
        return rotation;
    }

    /**
     * Whether the key is multi-Region and, if so, its primary and replicas as DescribeKey lists them, each with
     * its state as DescribeKey in its own Region gives it (omitted when that key is gone meanwhile).
     */
    private ObjectNode regionality(KeyView view) {
        KeyRecord key = view.record();
        ObjectNode regionality = Json.object().put("multiRegion", key.multiRegion());
        if (view.primary() != null) {
            regionality.set("primary", regionalKey(key, view.primary()));
        }
        regionality.set("replicas", Json.objects(view.replicas(), replica -> regionalKey(key, replica)));
        return regionality;
    }

    private ObjectNode regionalKey(KeyRecord key, KeyReference related) {
        ObjectNode regional = Json.object().put("region", related.region().name()).put("arn", related.arn());
        if (related.equals(key.reference())) {
            return regional.put("keyState", key.state().name());
        }
        try {
            KeyView relatedView = service.lifecycle().describeKey(RequestContext.root(related.account(), related.region()),
                    related.keyId().value());
            regional.put("keyState", relatedView.record().state().name());
        } catch (KmsException e) {
            // Deleted between the two reads: no state to show.
        }
        return regional;
    }

    private static ObjectNode alias(Alias alias) {
        ObjectNode written = Json.object().put("aliasName", alias.name()).put("aliasArn", alias.arn());
        if (alias.creationDate() != null) {
            written.put("creationDate", Json.epochSeconds(alias.creationDate()));
        }
        return written;
    }
}
