package dev.meridian.core;

import dev.meridian.core.KeyResolver.AliasNames;
import dev.meridian.crypto.AuthenticationFailedException;
import dev.meridian.crypto.EncryptedKeySizeException;
import dev.meridian.crypto.ImportTokens;
import dev.meridian.crypto.KeyMaterial;
import dev.meridian.crypto.KeyMaterialService;
import dev.meridian.crypto.SecretBytes;
import dev.meridian.crypto.WrappingAlgorithm;
import dev.meridian.crypto.WrappingKeySpec;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyState;
import dev.meridian.model.MaterialInfo;
import dev.meridian.model.Partition;
import dev.meridian.model.RequestContext;
import dev.meridian.model.WrappedMaterial;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Imported key material (origin {@code EXTERNAL}): GetParametersForImport, ImportKeyMaterial,
 * DeleteImportedKeyMaterial, and the expiry of material whose {@code ValidTo} has come.
 *
 * <p>Guarantees: import tokens carry their private key (RSA, or SM2 in the China partition only) sealed under
 * the root key and bound to the key they were issued for, so they survive a restart until their 24 hours are
 * over and open for no other key.
 * Once a key has had material, it accepts only that material again (compared by key material ID); a
 * replica accepts only its primary's material. Deleted or expired material leaves an absent version whose
 * ID says what may come back, and the key waits in {@code PendingImport}; once the same material is back,
 * every ciphertext made under it decrypts again. New material for a key that has some
 * ({@code NEW_KEY_MATERIAL}) waits for an on-demand rotation ({@link Rotation}) and is never used before it;
 * see {@link MaterialAssociation} for what a key is associated with. Thread-safe.
 */
public final class KeyImport {
    /** How long the parameters of GetParametersForImport are valid. */
    public static final Duration TOKEN_LIFETIME = Duration.ofHours(24);
    static final String INVALID_ENCRYPTED_KEY_SIZE = "Invalid encrypted key size.";
    static final String INVALID_TOKEN = "The request was rejected because the provided import token is invalid or is"
            + " associated with a different KMS key.";
    static final String EXPIRED_TOKEN = "The request was rejected because the specified import token is expired. Use"
            + " GetParametersForImport to get a new import token and public key, use the new public key to encrypt the"
            + " key material, and then try the request again.";
    static final String INCORRECT_MATERIAL = "The request was rejected because the key material in the request is,"
            + " expired, invalid, or is not the same key material that was previously imported into this KMS key.";
    static final String REPLICA_NEW_MATERIAL = "You cannot import new key material into a multi-Region replica key."
            + " Import it into the primary key with ImportType NEW_KEY_MATERIAL, then import the same key material"
            + " into each replica key with ImportType EXISTING_KEY_MATERIAL.";
    static final String PENDING_ALREADY = "The KMS key already has key material pending rotation. Rotate the key"
            + " with RotateKeyOnDemand, or delete the pending key material, before you import new key material.";
    private static final Duration LONGEST_VALIDITY = Duration.ofDays(365);

    private final KeyRegistry registry;
    private final KeyResolver resolver;
    private final Clock clock;

    /** What GetParametersForImport returns: the public key (DER SubjectPublicKeyInfo) and the token. */
    public record ImportParameters(KeyReference key, byte[] publicKey, byte[] importToken, Instant validTo) {
    }

    /** The key and the key material ID that an import or a deletion concerned (null when there was none). */
    public record MaterialChange(KeyReference key, String keyMaterialId) {
    }

    KeyImport(KeyRegistry registry, Clock clock) {
        this.registry = registry;
        this.resolver = new KeyResolver(registry);
        this.clock = clock;
    }

    public ImportParameters getParametersForImport(RequestContext caller, String keyId, String wrappingAlgorithm,
            String wrappingKeySpec) {
        WrappingAlgorithm algorithm = wrappingAlgorithm(caller, wrappingAlgorithm, wrappingKeySpec);
        WrappingKeySpec spec = Objects.requireNonNull(WrappingKeySpec.named(wrappingKeySpec), wrappingKeySpec);
        KeyRecord key = importableKey(caller, keyId, KeyStateRules.GET_PARAMETERS_FOR_IMPORT,
                Access.to("GetParametersForImport").with("kms:WrappingAlgorithm", wrappingAlgorithm)
                        .with("kms:WrappingKeySpec", wrappingKeySpec));
        Instant validTo = clock.instant().plus(TOKEN_LIFETIME);
        ImportTokens.Issued issued = ImportTokens.issue(registry.rootKey(), key.arn(), algorithm, spec, validTo);
        return new ImportParameters(key.reference(), issued.publicKey(), issued.token(), validTo);
    }

    public MaterialChange importKeyMaterial(RequestContext caller, ImportKeyMaterialRequest request) {
        Instant validTo = validTo(request);
        boolean newMaterial = "NEW_KEY_MATERIAL".equals(request.importType());
        if (newMaterial && request.keyMaterialId() != null) {
            throw KmsException.validation("You cannot specify a KeyMaterialId when the ImportType is NEW_KEY_MATERIAL.");
        }
        KeyRecord key = importableKey(caller, request.keyId(), KeyStateRules.IMPORT_KEY_MATERIAL, importAccess(request));
        ImportTokens.Opened token;
        try {
            token = ImportTokens.open(registry.rootKey(), key.arn(), request.importToken());
        } catch (AuthenticationFailedException e) {
            throw new KmsException(ErrorCode.INVALID_IMPORT_TOKEN, INVALID_TOKEN);
        }
        SecretBytes imported;
        try {
            if (!clock.instant().isBefore(token.validTo())) {
                throw new KmsException(ErrorCode.EXPIRED_IMPORT_TOKEN, EXPIRED_TOKEN);
            }
            imported = token.unwrap(request.encryptedKeyMaterial(), key.keySpec());
        } catch (EncryptedKeySizeException e) {
            // AWS's text for wrapped material of the wrong size (quoted from the service by local-kms).
            throw KmsException.validation(INVALID_ENCRYPTED_KEY_SIZE);
        } catch (AuthenticationFailedException e) {
            throw KmsException.withoutMessage(ErrorCode.INVALID_CIPHERTEXT);
        } finally {
            token.privateKey().destroy();
        }
        KeyMaterial material;
        try {
            // Before the ID is derived from it; whether the key's own partition takes it is decided in store().
            material = KeyMaterialService.parseImported(key.keySpec(), imported).orElseThrow(KeyImport::incorrectMaterial);
        } finally {
            imported.destroy();
        }
        try {
            String keyMaterialId = KeyMaterialService.keyMaterialId(material);
            return registry.write(mutation -> store(mutation, caller, request, material, keyMaterialId, validTo));
        } finally {
            material.destroy();
        }
    }

    private MaterialChange store(Mutation mutation, RequestContext caller, ImportKeyMaterialRequest request,
            KeyMaterial material, String keyMaterialId, Instant validTo) {
        KeyEntry entry = resolver.resolve(caller, request.keyId(), AliasNames.REFUSED, importAccess(request));
        KeyRecord key = entry.record();
        KeyStateRules.IMPORT_KEY_MATERIAL.check(key);
        Map<String, WrappedMaterial> associated = MaterialAssociation.of(registry, entry);
        WrappedMaterial known = associated.get(keyMaterialId);
        boolean newMaterial = request.importType() == null ? associated.isEmpty()
                : request.importType().equals("NEW_KEY_MATERIAL");
        if (newMaterial && !associated.isEmpty()) {
            if (key.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
                // Asymmetric and HMAC keys never change their material after the first import (no rotation).
                throw incorrectMaterial();
            }
            refuseRotationMaterial(entry);
        }
        if (newMaterial && known != null || !newMaterial && known == null) {
            throw incorrectMaterial();
        }
        if (known == null && !material.fitsPartition(key.reference().region().partition())) {
            throw incorrectMaterial();
        }
        if (request.keyMaterialId() != null && !request.keyMaterialId().equals(keyMaterialId)) {
            throw incorrectMaterial();
        }
        int version = known != null ? known.version()
                : associated.values().stream().mapToInt(WrappedMaterial::version).max().orElse(0) + 1;
        WrappedMaterial own = entry.materials().get(version);
        MaterialInfo previous = own != null ? own.info() : known == null ? null : known.info();
        String description = request.keyMaterialDescription() != null ? request.keyMaterialDescription()
                : own == null ? null : own.info().description();
        MaterialInfo info = new MaterialInfo(keyMaterialId, previous == null ? clock.instant() : previous.createdAt(),
                previous == null ? null : previous.rotationType(), description, validTo);
        KeyReference reference = key.reference();
        mutation.replaceMaterial(new WrappedMaterial(reference, version,
                KeyMaterialService.wrap(registry.rootKey(), material, reference, version), info));
        KeyRecord.Builder updated = key.toBuilder();
        int current = key.currentMaterialVersion();
        if (current == 0) {
            int familyCurrent = MaterialAssociation.familyCurrentVersion(registry, entry);
            current = familyCurrent != 0 ? familyCurrent : version;
            updated.currentMaterialVersion(current);
        }
        if (key.state() == KeyState.PendingImport && version <= current
                && MaterialAssociation.holdsAllAssociated(associated, entry, current, version)) {
            updated.state(KeyState.Enabled);
        }
        mutation.putKey(updated.build());
        return new MaterialChange(reference, keyMaterialId);
    }

    /**
     * New material for a key that has some is material for its next on-demand rotation: taken at a
     * single-Region key or a primary (replicas take their primary's with {@code EXISTING_KEY_MATERIAL}), and
     * only while no other waits.
     */
    private static void refuseRotationMaterial(KeyEntry entry) {
        KeyRecord key = entry.record();
        if (key.isReplica()) {
            throw KmsException.unsupported(REPLICA_NEW_MATERIAL);
        }
        if (MaterialAssociation.pendingRotation(entry) != null) {
            throw KmsException.unsupported(PENDING_ALREADY);
        }
    }

    public MaterialChange deleteImportedKeyMaterial(RequestContext caller, String keyId, String keyMaterialId) {
        return registry.write(mutation -> {
            KeyEntry entry = resolver.resolve(caller, keyId, AliasNames.REFUSED, Access.to("DeleteImportedKeyMaterial"));
            KeyRecord key = entry.record();
            KeyStateRules.DELETE_IMPORTED_KEY_MATERIAL.check(key);
            WrappedMaterial target = keyMaterialId == null ? entry.materials().get(key.currentMaterialVersion())
                    : entry.materials().values().stream()
                            .filter(material -> material.info().keyMaterialId().equals(keyMaterialId))
                            .findFirst().orElseThrow(() -> KmsException.notFound("Key material " + keyMaterialId
                                    + " is not associated with " + key.arn() + "."));
            if (target != null && target.version() > key.currentMaterialVersion()) {
                MaterialAssociation.discardPendingRotation(registry, entry, target, mutation);
                return new MaterialChange(key.reference(), target.info().keyMaterialId());
            }
            if (target != null && target.isPresent()) {
                mutation.replaceMaterial(absent(target));
            }
            awaitImport(key, mutation);
            return new MaterialChange(key.reference(), target == null ? null : target.info().keyMaterialId());
        });
    }

    /**
     * Takes away every imported material whose {@code ValidTo} has come, each in its own Region, and sends
     * its key back to {@code PendingImport}. Returns how many versions expired.
     */
    int expireDueMaterials(ServiceEventListener listener) {
        Instant now = clock.instant();
        int expired = 0;
        for (WrappedMaterial due : registry.expiringMaterials()) {
            if (due.info().validTo().isAfter(now)) {
                continue;
            }
            int count = registry.write(mutation -> {
                KeyEntry entry = registry.find(due.key());
                WrappedMaterial current = entry == null ? null : entry.materials().get(due.version());
                if (current == null || !current.isPresent() || current.info().validTo() == null
                        || current.info().validTo().isAfter(now)) {
                    return 0;
                }
                if (current.version() > entry.record().currentMaterialVersion()) {
                    MaterialAssociation.discardPendingRotation(registry, entry, current, mutation);
                } else {
                    mutation.replaceMaterial(absent(current));
                    awaitImport(entry.record(), mutation);
                }
                return 1;
            });
            if (count > 0) {
                listener.serviceEventHappened(new ServiceEvent(ServiceEvent.Kind.DELETE_EXPIRED_KEY_MATERIAL, due.key(), now,
                        new ServiceEvent.ExpiredMaterial(due.info().keyMaterialId())));
            }
            expired += count;
        }
        return expired;
    }

    /** Every held material's expiry, for the scheduler at start. */
    java.util.List<Instant> materialExpiries() {
        return registry.expiringMaterials().stream().map(material -> material.info().validTo()).toList();
    }

    /** Sends a key that lost associated material back to {@code PendingImport}, unless it is being deleted. */
    private static void awaitImport(KeyRecord key, Mutation mutation) {
        if (!key.state().isPendingDeletion() && key.state() != KeyState.PendingImport) {
            mutation.putKey(key.toBuilder().state(KeyState.PendingImport).build());
        }
    }

    private static WrappedMaterial absent(WrappedMaterial material) {
        MaterialInfo info = material.info();
        return WrappedMaterial.absent(material.key(), material.version(), new MaterialInfo(info.keyMaterialId(),
                info.createdAt(), info.rotationType(), info.description(), null));
    }

    /** The key named by GetParametersForImport or ImportKeyMaterial ({@code rule}): origin {@code EXTERNAL}. */
    private KeyRecord importableKey(RequestContext caller, String keyId, KeyStateRules rule, Access access) {
        KeyRecord key = resolver.resolve(caller, keyId, AliasNames.REFUSED, access).record();
        rule.check(key);
        return key;
    }

    private Instant validTo(ImportKeyMaterialRequest request) {
        boolean expires = request.expirationModel() == null || request.expirationModel().equals("KEY_MATERIAL_EXPIRES");
        if (expires && request.validTo() == null) {
            throw KmsException.validation("A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES");
        }
        if (!expires) {
            if (request.validTo() != null) {
                throw KmsException.validation("The parameter ValidTo cannot be specified for a key with an expiration"
                        + " model of KEY_MATERIAL_DOES_NOT_EXPIRE");
            }
            return null;
        }
        Instant now = clock.instant();
        if (!request.validTo().isAfter(now)) {
            throw KmsException.validation("ValidTo must be in the future");
        }
        if (request.validTo().isAfter(now.plus(LONGEST_VALIDITY))) {
            throw KmsException.validation("ValidTo must be no more than 365 days in the future");
        }
        return request.validTo();
    }

    private static WrappingAlgorithm wrappingAlgorithm(RequestContext caller, String algorithmName, String keySpec) {
        boolean china = caller.region().partition() == Partition.AWS_CN;
        if (algorithmName.equals("RSAES_PKCS1_V1_5")) {
            throw KmsException.validation("The RSAES_PKCS1_V1_5 wrapping algorithm is no longer supported. Use"
                    + " RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, RSA_AES_KEY_WRAP_SHA_1 or RSA_AES_KEY_WRAP_SHA_256.");
        }
        boolean sm2Algorithm = algorithmName.equals("SM2PKE");
        boolean sm2Spec = keySpec.equals("SM2");
        if ((sm2Algorithm || sm2Spec) && !china) {
            throw KmsException.validation((sm2Algorithm ? "The SM2PKE wrapping algorithm" : "The SM2 wrapping key spec")
                    + " is supported only in the China Regions.");
        }
        if (sm2Algorithm != sm2Spec) {
            throw KmsException.validation("The wrapping algorithm " + algorithmName + " is not compatible with the"
                    + " wrapping key spec " + keySpec + ".");
        }
        if (china && algorithmName.startsWith("RSA_AES_KEY_WRAP_")) {
            // The developer guide: not supported in the China Regions. AWS's error text there is not recorded.
            throw KmsException.validation("The " + algorithmName + " wrapping algorithm is not supported in the China"
                    + " Regions. Use RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256 or SM2PKE.");
        }
        return Objects.requireNonNull(WrappingAlgorithm.named(algorithmName), algorithmName);
    }

    private static KmsException incorrectMaterial() {
        return new KmsException(ErrorCode.INCORRECT_KEY_MATERIAL, INCORRECT_MATERIAL);
    }

    /**
     * ImportKeyMaterial's permission: {@code kms:ExpirationModel} (by default {@code KEY_MATERIAL_EXPIRES}) and
     * {@code kms:ValidTo} (Unix time in seconds) when the request has one.
     */
    private static Access importAccess(ImportKeyMaterialRequest request) {
        return Access.to("ImportKeyMaterial")
                .with("kms:ExpirationModel", request.expirationModel() == null ? "KEY_MATERIAL_EXPIRES"
                        : request.expirationModel())
                .with("kms:ValidTo", request.validTo() == null ? null : Long.toString(request.validTo().getEpochSecond()));
    }
}
