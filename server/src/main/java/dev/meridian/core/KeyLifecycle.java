package dev.meridian.core;

import dev.meridian.core.KeyResolver.AliasNames;
import dev.meridian.crypto.KeyMaterial;
import dev.meridian.crypto.KeyMaterialService;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyState;
import dev.meridian.model.ReplicationEvent;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.MaterialInfo;
import dev.meridian.model.RequestContext;
import dev.meridian.model.WrappedMaterial;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The key lifecycle: CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey, UpdateKeyDescription,
 * ScheduleKeyDeletion and CancelKeyDeletion. Thread-safe.
 */
public final class KeyLifecycle {
    private final KeyRegistry registry;
    private final KeyResolver resolver;
    private final KeyResolver creatingResolver;
    private final Clock clock;
    private final int keyLimitPerRegion;

    KeyLifecycle(KeyRegistry registry, Clock clock, int keyLimitPerRegion, AwsManagedKeys awsManagedKeys) {
        this.registry = registry;
        this.resolver = new KeyResolver(registry);
        this.creatingResolver = new KeyResolver(registry, awsManagedKeys);
        this.clock = clock;
        this.keyLimitPerRegion = keyLimitPerRegion;
    }

    public KeyView createKey(RequestContext caller, CreateKeyRequest request) {
        if (request.customKeyStoreId() != null) {
            throw new KmsException(ErrorCode.UNSUPPORTED_OPERATION, "Custom key stores are not supported by Meridian yet.");
        }
        KeySpec keySpec = request.keySpec() == null ? KeySpec.SYMMETRIC_DEFAULT : KeySpec.named(request.keySpec());
        if (keySpec == null) {
            throw KmsException.unsupported("Key spec " + request.keySpec() + " is not supported by Meridian yet.");
        }
        if (request.keyUsage() == null && keySpec != KeySpec.SYMMETRIC_DEFAULT) {
            throw KmsException.validation("You must specify a KeyUsage value for all KMS keys except for symmetric"
                    + " encryption keys.");
        }
        KeyUsage usage = request.keyUsage() == null ? KeyUsage.ENCRYPT_DECRYPT : request.keyUsage();
        if (!keySpec.supports(usage)) {
            // AWS's text, recorded in LocalStack's snapshot tests, ends without a period.
            throw KmsException.validation("KeyUsage " + usage + " is not compatible with KeySpec " + keySpec);
        }
        if (!KeyMaterialService.offeredIn(keySpec, caller.region().partition())) {
            // AWS's text for SM2 outside China, without a period.
            throw KmsException.unsupported("KeySpec " + keySpec + " is not supported in this Region");
        }
        KeyOrigin origin = request.origin() == null ? KeyOrigin.AWS_KMS : request.origin();
        if (origin != KeyOrigin.AWS_KMS && origin != KeyOrigin.EXTERNAL) {
            throw KmsException.unsupported("Origin " + origin + " is not supported by Meridian yet.");
        }
        AccessControl accessControl = registry.accessControl();
        accessControl.authorizeByIdentity(caller, Access.to("CreateKey").with("kms:KeySpec", keySpec.name())
                .with("kms:KeyUsage", usage.name()).with("kms:KeyOrigin", origin.name())
                .with("kms:MultiRegion", request.multiRegion())
                .with("kms:MultiRegionKeyType", request.multiRegion() ? "PRIMARY" : null)
                .with("kms:BypassPolicyLockoutSafetyCheck", request.bypassPolicyLockoutSafetyCheck())
                .withRequestTags(request.tags()), "*");
        if (!request.tags().isEmpty()) {
            accessControl.authorizeTagsOnCreation(caller, Access.to("TagResource").withRequestTags(request.tags()));
        }
        KeyId keyId = request.multiRegion() ? KeyId.newMultiRegion() : KeyId.newSingleRegion();
        KeyReference reference = new KeyReference(caller.account(), caller.region(), keyId);
        String policy = KeyPolicies.checked(accessControl, caller, request.policy(), request.bypassPolicyLockoutSafetyCheck(),
                reference.arn());
        TagRules.checkRequest(request.tags());
        boolean external = origin == KeyOrigin.EXTERNAL;
        KeyRecord record = KeyRecord.builder()
                .reference(reference)
                .description(request.description() == null ? "" : request.description())
                .policy(policy)
                .state(external ? KeyState.PendingImport : KeyState.Enabled)
                .creationDate(clock.instant())
                .origin(origin)
                .keySpec(keySpec)
                .keyUsage(usage)
                .primaryRegion(request.multiRegion() ? caller.region() : null)
                .tags(request.tags())
                .currentMaterialVersion(external ? 0 : 1)
                .build();
        // Made before the write lock: an RSA_4096 pair takes seconds, and no other write should wait for it.
        WrappedMaterial initial = external ? null : initialMaterial(record);
        return registry.write(mutation -> {
            checkKeyLimit(caller);
            mutation.putKey(record);
            if (initial != null) {
                mutation.putMaterial(initial);
            }
            return new KeyView(record, request.multiRegion() ? reference : null, List.of(),
                    initial == null ? null : initial.info().keyMaterialId());
        });
    }

    /** Fresh material of the new key's spec, wrapped as its version 1. */
    private WrappedMaterial initialMaterial(KeyRecord record) {
        KeyReference reference = record.reference();
        KeyMaterial material = KeyMaterialService.generate(record.keySpec(), reference.region().partition());
        try {
            return new WrappedMaterial(reference, 1, KeyMaterialService.wrap(registry.rootKey(), material, reference, 1),
                    MaterialInfo.initial(KeyMaterialService.keyMaterialId(material), record.creationDate()));
        } finally {
            material.destroy();
        }
    }

    void checkKeyLimit(RequestContext caller) {
        int count = registry.keyCount(caller.account(), caller.region());
        if (count >= keyLimitPerRegion) {
            throw new KmsException(ErrorCode.LIMIT_EXCEEDED, "Key quota for this account in this region is "
                    + keyLimitPerRegion + " but the current usage is " + count + ".");
        }
    }

    /** The key; a predefined AWS alias without a key gets its AWS managed key now, as in AWS. */
    public KeyView describeKey(RequestContext caller, String keyId) {
        return KeyView.of(registry, creatingResolver.resolve(caller, keyId, AliasNames.ALLOWED, Access.to("DescribeKey"))
                .record());
    }

    public Page<KeyReference> listKeys(RequestContext caller, Integer limit, String marker) {
        String position = Pagination.position(marker);
        registry.accessControl().authorizeByIdentity(caller, Access.to("ListKeys"), "*");
        KeyId after = position == null ? null : KeyId.parseOrNull(position);
        if (position != null && after == null) {
            throw new KmsException(ErrorCode.INVALID_MARKER, "The request was rejected because the marker is not valid.");
        }
        List<KeyReference> keys = registry.keysIn(caller.account(), caller.region(), after).stream()
                .map(entry -> entry.record().reference()).toList();
        return Pagination.page(keys, limit, 100, 1000, key -> key.keyId().value());
    }

    public void enableKey(RequestContext caller, String keyId) {
        setEnabled(caller, keyId, KeyState.Enabled, KeyStateRules.ENABLE_KEY, Access.to("EnableKey"));
    }

    public void disableKey(RequestContext caller, String keyId) {
        setEnabled(caller, keyId, KeyState.Disabled, KeyStateRules.DISABLE_KEY, Access.to("DisableKey"));
    }

    private void setEnabled(RequestContext caller, String keyId, KeyState state, KeyStateRules rule, Access access) {
        registry.write(mutation -> {
            KeyRecord key = resolver.resolve(caller, keyId, AliasNames.REFUSED, access).record();
            rule.check(key);
            if (key.state() != state) {
                mutation.putKey(key.toBuilder().state(state).build());
            }
            return null;
        });
    }

    public void updateKeyDescription(RequestContext caller, String keyId, String description) {
        registry.write(mutation -> {
            KeyRecord key = resolver.resolve(caller, keyId, AliasNames.REFUSED, Access.to("UpdateKeyDescription")).record();
            KeyStateRules.UPDATE_KEY_DESCRIPTION.check(key);
            mutation.putKey(key.toBuilder().description(description).build());
            return null;
        });
    }

    /** Schedules deletion; returns the key as it now is (its state, deletion date and window). */
    public KeyRecord scheduleKeyDeletion(RequestContext caller, String keyId, Integer pendingWindowInDays) {
        int days = pendingWindowInDays == null ? 30 : pendingWindowInDays;
        if (days < 7 || days > 30) {
            throw KmsException.validation("PendingWindowInDays must be between 7 and 30");
        }
        return registry.write(mutation -> {
            KeyRecord key = resolver.resolve(caller, keyId, AliasNames.REFUSED, Access.to("ScheduleKeyDeletion")
                    .with("kms:ScheduleKeyDeletionPendingWindowInDays", Integer.toString(days))).record();
            KeyStateRules.SCHEDULE_KEY_DELETION.check(key);
            boolean hasReplicas = key.isPrimary()
                    && registry.familyRegions(key.reference().account(), key.reference().keyId()).size() > 1;
            KeyRecord scheduled = key.toBuilder()
                    .state(hasReplicas ? KeyState.PendingReplicaDeletion : KeyState.PendingDeletion)
                    .deletionDate(hasReplicas ? null : clock.instant().plus(Duration.ofDays(days)))
                    .pendingDeletionWindowInDays(days)
                    .build();
            mutation.putKey(scheduled);
            return scheduled;
        });
    }

    public KeyReference cancelKeyDeletion(RequestContext caller, String keyId) {
        return registry.write(mutation -> {
            KeyEntry entry = resolver.resolve(caller, keyId, AliasNames.REFUSED, Access.to("CancelKeyDeletion"));
            KeyRecord key = entry.record();
            KeyStateRules.CANCEL_KEY_DELETION.check(key);
            KeyState state = holdsItsMaterial(entry) ? KeyState.Disabled : KeyState.PendingImport;
            mutation.putKey(key.toBuilder().state(state).deletionDate(null).pendingDeletionWindowInDays(null).build());
            return key.reference();
        });
    }

    /**
     * Whether a key holds the material it needs to be enabled: always for generated material; for imported
     * material, its current version and every version associated with it for good. A key scheduled for
     * deletion before its material came, or whose material was deleted or expired meanwhile, returns from a
     * cancelled deletion to {@code PendingImport}, not {@code Disabled}: enabled, it would have nothing to
     * encrypt with.
     */
    private boolean holdsItsMaterial(KeyEntry entry) {
        KeyRecord key = entry.record();
        if (key.origin() != KeyOrigin.EXTERNAL) {
            return true;
        }
        int current = key.currentMaterialVersion();
        WrappedMaterial material = entry.materials().get(current);
        return current != 0 && material != null && material.isPresent()
                && MaterialAssociation.holdsAllAssociated(MaterialAssociation.of(registry, entry), entry, current, current);
    }

    /**
     * Deletes every key whose window has ended, with its material and its aliases; a primary waiting for
     * its replicas starts its own window when the last one is gone, or, while replication into the primary's
     * Region is paused, when the {@link ReplicationEvent.Type#COMPLETE_REPLICA_DELETION} event queued then is
     * applied. Returns how many keys were deleted.
     */
    int deleteDueKeys(ServiceEventListener listener, ReplicationControl replication) {
        int deleted = 0;
        Instant now = clock.instant();
        for (KeyRecord due : registry.keysPendingDeletion()) {
            if (due.deletionDate().isAfter(now)) {
                continue;
            }
            int count = registry.write(mutation -> deleteIfDue(mutation, due.reference(), now, replication));
            if (count > 0) {
                listener.serviceEventHappened(new ServiceEvent(ServiceEvent.Kind.DELETE_KEY, due.reference(), now));
            }
            deleted += count;
        }
        return deleted;
    }

    private int deleteIfDue(Mutation mutation, KeyReference reference, Instant now, ReplicationControl replication) {
        KeyEntry entry = registry.find(reference);
        if (entry == null || entry.record().state() != KeyState.PendingDeletion
                || entry.record().deletionDate().isAfter(now)) {
            return 0;
        }
        KeyRecord key = entry.record();
        mutation.deleteKey(reference);
        registry.aliasesOf(reference).forEach(mutation::deleteAlias);
        if (key.isReplica()) {
            KeyEntry primary = registry.find(reference.inRegion(key.primaryRegion()));
            List<?> family = registry.familyRegions(reference.account(), reference.keyId());
            if (primary != null && primary.record().state() == KeyState.PendingReplicaDeletion && family.size() == 2) {
                if (replication.isPaused(key.primaryRegion())) {
                    mutation.putEvent(new ReplicationEvent(registry.nextEventSequence(), primary.record().reference(),
                            ReplicationEvent.Type.COMPLETE_REPLICA_DELETION, now, reference.region()));
                } else {
                    startPrimaryWindow(mutation, primary.record(), now);
                }
            }
        }
        return 1;
    }

    /** A primary waiting for its replicas' deletion starts its own window, of the days it was scheduled with. */
    static void startPrimaryWindow(Mutation mutation, KeyRecord waiting, Instant now) {
        mutation.putKey(waiting.toBuilder().state(KeyState.PendingDeletion)
                .deletionDate(now.plus(Duration.ofDays(waiting.pendingDeletionWindowInDays()))).build());
    }
}
