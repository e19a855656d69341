package dev.meridian.core;

import dev.meridian.core.KeyResolver.AliasNames;
import dev.meridian.crypto.KeyMaterial;
import dev.meridian.crypto.KeyMaterialService;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeyState;
import dev.meridian.model.MaterialInfo;
import dev.meridian.model.MaterialInfo.RotationType;
import dev.meridian.model.Region;
import dev.meridian.model.ReplicationEvent;
import dev.meridian.model.RequestContext;
import dev.meridian.model.WrappedMaterial;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Key rotation: EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand,
 * ListKeyRotations, and the automatic rotations that come due. Thread-safe.
 *
 * <p>Guarantees: every material version stays for decryption for the life of the key. A single-Region
 * key encrypts with new material from the commit of its rotation on. A multi-Region key's rotation is set
 * and invoked on the primary only; the new version reaches each replica through the replication outbox
 * ({@link RotationReplication}), and no Region encrypts with it before every Region holds it. Replicas keep
 * a copy of the primary's settings, synchronized through the outbox, and report it.
 */
public final class Rotation {
    /** The automatic rotation period when EnableKeyRotation names none. */
    public static final int DEFAULT_ROTATION_PERIOD_IN_DAYS = 365;
    /** On-demand rotations per key (AWS's quota, not adjustable). */
    public static final int ON_DEMAND_ROTATION_LIMIT = 25;
    /** RotateKeyOnDemand is refused this long before an automatic rotation is due. */
    static final Duration CONFLICT_WINDOW = Duration.ofMinutes(20);
    static final String NO_PENDING_MATERIAL = "The KMS key has no key material pending rotation. Import new key"
            + " material with ImportType NEW_KEY_MATERIAL before you rotate a key with imported key material.";
    static final String REPLICA_LACKS_MATERIAL = "The key material pending rotation has not been imported into the"
            + " replica key in %s. Import it into every replica key before you rotate the primary key.";
    private final KeyRegistry registry;
    private final KeyResolver resolver;
    private final Clock clock;
    private final Duration replicationDelay;
    private final ServiceEventListener listener;

    /** What GetKeyRotationStatus reports; the period and next date only while automatic rotation is on. */
    public record RotationStatus(KeyReference key, boolean enabled, Integer rotationPeriodInDays,
            Instant nextRotationDate, Instant onDemandRotationStartDate) {
    }

    /**
     * One material version as ListKeyRotations reports it.
     *
     * @param state {@code CURRENT}, {@code NON_CURRENT} or {@code PENDING_ROTATION}
     * @param imported whether the key's origin is {@code EXTERNAL} (the import members apply)
     * @param held whether the material itself is held (false once imported material was deleted or expired)
     */
    public record MaterialEntry(KeyReference key, int version, MaterialInfo info, String state, boolean imported,
            boolean held) {
    }

    Rotation(KeyRegistry registry, Clock clock, Duration replicationDelay, ServiceEventListener listener) {
        this.registry = registry;
        this.listener = listener;
        this.resolver = new KeyResolver(registry);
        this.clock = clock;
        this.replicationDelay = replicationDelay;
    }

    public void enableKeyRotation(RequestContext caller, String keyId, Integer rotationPeriodInDays) {
        int period = rotationPeriodInDays == null ? DEFAULT_ROTATION_PERIOD_IN_DAYS : rotationPeriodInDays;
        registry.write(mutation -> {
            KeyRecord key = controlledKey(caller, keyId, KeyStateRules.ENABLE_KEY_ROTATION,
                    Access.to("EnableKeyRotation").with("kms:RotationPeriodInDays", Integer.toString(period)));
            if (key.rotationEnabled() && key.rotationPeriodInDays() == period) {
                return null;
            }
            mutation.putKey(key.toBuilder().rotationEnabled(true).rotationPeriodInDays(period)
                    .nextRotationDate(clock.instant().plus(Duration.ofDays(period))).build());
            synchronizeReplicas(key, mutation);
            return null;
        });
    }

    public void disableKeyRotation(RequestContext caller, String keyId) {
        registry.write(mutation -> {
            KeyRecord key = controlledKey(caller, keyId, KeyStateRules.DISABLE_KEY_ROTATION,
                    Access.to("DisableKeyRotation"));
            if (!key.rotationEnabled()) {
                return null;
            }
            mutation.putKey(key.toBuilder().rotationEnabled(false).rotationPeriodInDays(null).nextRotationDate(null)
                    .build());
            synchronizeReplicas(key, mutation);
            return null;
        });
    }

    /**
     * The rotation status; a key pending deletion reports automatic rotation off (its setting comes back
     * when the deletion is cancelled), as AWS does.
     */
    public RotationStatus getKeyRotationStatus(RequestContext caller, String keyId) {
        KeyRecord key = resolver.resolve(caller, keyId, AliasNames.REFUSED, Access.to("GetKeyRotationStatus")).record();
        KeyStateRules.GET_KEY_ROTATION_STATUS.check(key);
        boolean enabled = key.rotationEnabled() && !key.state().isPendingDeletion();
        return new RotationStatus(key.reference(), enabled, enabled ? key.rotationPeriodInDays() : null,
                enabled ? key.nextRotationDate() : null, key.onDemandRotationStartDate());
    }

    /**
     * Starts an on-demand rotation; returns the key. A key of origin {@code EXTERNAL} rotates to the material
     * imported for it ({@code PENDING_ROTATION}), which every replica must hold already; it becomes current in
     * every Region in the same write.
     */
    public KeyReference rotateKeyOnDemand(RequestContext caller, String keyId) {
        Instant now = clock.instant();
        ServiceEvent rotated = registry.write(mutation -> {
            KeyRecord key = controlledKey(caller, keyId, KeyStateRules.ROTATE_KEY_ON_DEMAND, Access.to("RotateKeyOnDemand"));
            KeyEntry entry = registry.find(key.reference());
            boolean imported = key.origin() == KeyOrigin.EXTERNAL;
            if (!imported && (rotationUnderWay(entry) || (key.rotationEnabled()
                    && key.nextRotationDate().isBefore(now.plus(CONFLICT_WINDOW))))) {
                throw new KmsException(ErrorCode.CONFLICT, "The request was rejected because an automatic rotation of"
                        + " this key is currently in progress or scheduled to begin within the next 20 minutes.");
            }
            long onDemand = entry.materials().values().stream()
                    .filter(material -> material.info().rotationType() == RotationType.ON_DEMAND).count();
            if (onDemand >= ON_DEMAND_ROTATION_LIMIT) {
                throw new KmsException(ErrorCode.LIMIT_EXCEEDED, "The on-demand rotations limit has been reached for"
                        + " the given keyId. No more on-demand rotations can be performed for this key: " + key.arn());
            }
            String previous = currentKeyMaterialId(entry);
            String made = imported ? rotateToImported(entry, now, mutation)
                    : rotate(entry, RotationType.ON_DEMAND, now, mutation);
            return new ServiceEvent(ServiceEvent.Kind.ROTATE_KEY, key.reference(), now,
                    new ServiceEvent.MaterialRotation(RotationType.ON_DEMAND, key.origin(), previous, made));
        });
        listener.serviceEventHappened(rotated);
        return rotated.key();
    }

    private static String currentKeyMaterialId(KeyEntry entry) {
        return entry.materials().get(entry.record().currentMaterialVersion()).info().keyMaterialId();
    }

    /**
     * Makes the material waiting for a rotation current in every Region of the family, which must all hold it;
     * returns its key material ID.
     */
    private String rotateToImported(KeyEntry entry, Instant now, Mutation mutation) {
        KeyRecord key = entry.record();
        WrappedMaterial pending = MaterialAssociation.pendingRotation(entry);
        if (pending == null || !pending.isPresent()) {
            throw KmsException.unsupported(NO_PENDING_MATERIAL);
        }
        Region lacking = replicaLacking(entry, pending);
        if (lacking != null) {
            throw KmsException.unsupported(REPLICA_LACKS_MATERIAL.formatted(lacking.name()));
        }
        List<KeyEntry> family = new ArrayList<>(List.of(entry));
        for (Region region : replicaRegions(key)) {
            family.add(registry.find(key.reference().inRegion(region)));
        }
        for (KeyEntry member : family) {
            WrappedMaterial material = member.materials().get(pending.version());
            MaterialInfo info = material.info();
            mutation.replaceMaterial(new WrappedMaterial(material.key(), material.version(), material.wrapped(),
                    new MaterialInfo(info.keyMaterialId(), now, RotationType.ON_DEMAND, info.description(),
                            info.validTo())));
            mutation.putKey(member.record().toBuilder().currentMaterialVersion(pending.version()).build());
        }
        return pending.info().keyMaterialId();
    }

    /**
     * The key's material versions, oldest first: by default those made by rotations; with
     * {@code ALL_KEY_MATERIAL} also the first material and imported material waiting for a rotation.
     * Material of a multi-Region rotation still on its way to the replicas is not listed yet.
     */
    public Page<MaterialEntry> listKeyRotations(RequestContext caller, String keyId, String includeKeyMaterial, Integer limit,
            String marker) {
        KeyEntry entry = resolver.resolve(caller, keyId, AliasNames.REFUSED, Access.to("ListKeyRotations"));
        KeyRecord key = entry.record();
        KeyStateRules.LIST_KEY_ROTATIONS.check(key);
        refuseUnlessRotatable(key);
        int after = afterVersion(Pagination.position(marker));
        boolean all = "ALL_KEY_MATERIAL".equals(includeKeyMaterial);
        boolean imported = key.origin() == KeyOrigin.EXTERNAL;
        List<MaterialEntry> listed = entry.materials().values().stream()
                .filter(material -> material.version() > after)
                .filter(material -> all || material.info().rotationType() != null)
                .filter(material -> material.version() <= key.currentMaterialVersion() || (imported && all))
                .sorted(java.util.Comparator.comparingInt(WrappedMaterial::version))
                .map(material -> new MaterialEntry(key.reference(), material.version(), material.info(),
                        materialState(entry, material), imported, material.isPresent()))
                .toList();
        return Pagination.page(listed, limit, 100, 1000, material -> Integer.toString(material.version()));
    }

    /** Rotates every key whose automatic rotation has come due; a disabled key waits until it is enabled again. */
    void rotateDueKeys() {
        Instant now = clock.instant();
        for (KeyRecord due : registry.keysWithAutomaticRotation()) {
            if (!isDue(due, now)) {
                continue;
            }
            ServiceEvent.MaterialRotation rotated = registry.write(mutation -> {
                KeyEntry entry = registry.find(due.reference());
                if (entry != null && isDue(entry.record(), now) && !rotationUnderWay(entry)) {
                    String previous = currentKeyMaterialId(entry);
                    String made = rotate(entry, RotationType.AUTOMATIC, now, mutation);
                    return new ServiceEvent.MaterialRotation(RotationType.AUTOMATIC, entry.record().origin(), previous,
                            made);
                }
                return null;
            });
            if (rotated != null) {
                listener.serviceEventHappened(new ServiceEvent(ServiceEvent.Kind.ROTATE_KEY, due.reference(), now,
                        rotated));
            }
        }
    }

    private static boolean isDue(KeyRecord key, Instant now) {
        return key.rotationEnabled() && !key.isReplica() && key.state() == KeyState.Enabled
                && key.origin() == KeyOrigin.AWS_KMS && !key.nextRotationDate().isAfter(now);
    }

    /**
     * Stores a new version and returns its key material ID. A key without replicas uses it at once; a primary
     * queues its copy to each replica and keeps encrypting with the old version until the last copy is applied.
     */
    private String rotate(KeyEntry entry, RotationType type, Instant now, Mutation mutation) {
        KeyRecord key = entry.record();
        KeyReference reference = key.reference();
        int version = Collections.max(entry.materials().keySet()) + 1;
        KeyMaterial material = KeyMaterialService.generate(key.keySpec(), reference.region().partition());
        String keyMaterialId;
        try {
            keyMaterialId = KeyMaterialService.keyMaterialId(material);
            mutation.putMaterial(new WrappedMaterial(reference, version,
                    KeyMaterialService.wrap(registry.rootKey(), material, reference, version),
                    MaterialInfo.rotated(keyMaterialId, now, type)));
        } finally {
            material.destroy();
        }
        KeyRecord.Builder updated = key.toBuilder();
        if (type == RotationType.AUTOMATIC) {
            Instant next = key.nextRotationDate().plus(Duration.ofDays(key.rotationPeriodInDays()));
            updated.nextRotationDate(next.isAfter(now) ? next : now.plus(Duration.ofDays(key.rotationPeriodInDays())));
        }
        List<Region> replicas = replicaRegions(key);
        if (replicas.isEmpty()) {
            updated.currentMaterialVersion(version);
        } else {
            if (type == RotationType.ON_DEMAND) {
                updated.onDemandRotationStartDate(now);
            }
            for (Region region : replicas) {
                mutation.putEvent(new ReplicationEvent(registry.nextEventSequence(), reference.inRegion(region),
                        ReplicationEvent.Type.DISTRIBUTE_ROTATED_MATERIAL, now.plus(replicationDelay), reference.region()));
            }
        }
        mutation.putKey(updated.build());
        return keyMaterialId;
    }

    /**
     * The key named by a request that changes or invokes rotation: of an origin and in a state that allow
     * {@code rule}, the primary of a family.
     */
    private KeyRecord controlledKey(RequestContext caller, String keyId, KeyStateRules rule, Access access) {
        KeyRecord key = resolver.resolve(caller, keyId, AliasNames.REFUSED, access).record();
        rule.check(key);
        refuseUnlessRotatable(key);
        if (key.isReplica()) {
            throw KmsException.unsupported(key.arn() + " is not a multi-Region primary key.");
        }
        return key;
    }

    /**
     * AWS rotates only symmetric encryption keys and refuses the others (asymmetric and HMAC keys), after the
     * checks of origin and state, with {@code UnsupportedOperationException} without a message: recorded for
     * RotateKeyOnDemand on an RSA key (LocalStack snapshot, 2025) and for EnableKeyRotation on an RSA signing
     * key (terraform-aws-modules/terraform-aws-kms#20). ListKeyRotations, which lists the material of rotations,
     * is refused alike; GetKeyRotationStatus answers {@code false} ("Key type reference").
     */
    private static void refuseUnlessRotatable(KeyRecord key) {
        if (key.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
            throw KmsException.withoutMessage(ErrorCode.UNSUPPORTED_OPERATION);
        }
    }

    private void synchronizeReplicas(KeyRecord primary, Mutation mutation) {
        Instant due = clock.instant().plus(replicationDelay);
        for (Region region : replicaRegions(primary)) {
            mutation.putEvent(new ReplicationEvent(registry.nextEventSequence(), primary.reference().inRegion(region),
                    ReplicationEvent.Type.SYNCHRONIZE_ROTATION_SETTINGS, due, primary.reference().region()));
        }
    }

    private List<Region> replicaRegions(KeyRecord key) {
        if (!key.multiRegion()) {
            return List.of();
        }
        return registry.familyRegions(key.reference().account(), key.reference().keyId()).stream()
                .filter(region -> !region.equals(key.reference().region())).toList();
    }

    /** Whether a version newer than the current one is waiting (a multi-Region rotation on its way). */
    private static boolean rotationUnderWay(KeyEntry entry) {
        Map<Integer, WrappedMaterial> materials = entry.materials();
        return !materials.isEmpty() && Collections.max(materials.keySet()) > entry.record().currentMaterialVersion();
    }

    /**
     * {@code CURRENT}, {@code NON_CURRENT}, or for a version above the current one {@code PENDING_ROTATION};
     * at a primary whose replicas do not all hold imported material yet,
     * {@code PENDING_MULTI_REGION_IMPORT_AND_ROTATION}.
     */
    private String materialState(KeyEntry entry, WrappedMaterial material) {
        int current = entry.record().currentMaterialVersion();
        if (material.version() == current) {
            return "CURRENT";
        }
        if (material.version() < current) {
            return "NON_CURRENT";
        }
        KeyRecord key = entry.record();
        return key.origin() == KeyOrigin.EXTERNAL && !key.isReplica() && replicaLacking(entry, material) != null
                ? "PENDING_MULTI_REGION_IMPORT_AND_ROTATION" : "PENDING_ROTATION";
    }

    /** The first replica Region of a primary that does not hold {@code material}, or null when all do. */
    private Region replicaLacking(KeyEntry primary, WrappedMaterial material) {
        KeyRecord key = primary.record();
        for (Region region : replicaRegions(key)) {
            KeyEntry replica = registry.find(key.reference().inRegion(region));
            WrappedMaterial copy = replica == null ? null : replica.materials().get(material.version());
            if (copy == null || !copy.isPresent()
                    || !copy.info().keyMaterialId().equals(material.info().keyMaterialId())) {
                return region;
            }
        }
        return null;
    }

    private static int afterVersion(String position) {
        if (position == null) {
            return 0;
        }
        try {
            return Integer.parseInt(position);
        } catch (NumberFormatException e) {
            throw Pagination.invalid();
        }
    }
}
