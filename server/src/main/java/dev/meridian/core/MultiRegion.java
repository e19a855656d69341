package dev.meridian.core;

import dev.meridian.core.KeyResolver.AliasNames;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeyState;
import dev.meridian.model.Region;
import dev.meridian.model.ReplicationEvent;
import dev.meridian.model.RequestContext;
import dev.meridian.model.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * ReplicateKey and UpdatePrimaryRegion. Both commit the visible change at once ({@code Creating},
 * {@code Updating}) together with a replication event; the {@link Replicator} completes them when the
 * event comes due. Thread-safe.
 */
public final class MultiRegion {
    private final KeyRegistry registry;
    private final KeyResolver resolver;
    private final KeyLifecycle lifecycle;
    private final Clock clock;
    private final Duration replicationDelay;

    MultiRegion(KeyRegistry registry, KeyLifecycle lifecycle, Clock clock, Duration replicationDelay) {
        this.registry = registry;
        this.resolver = new KeyResolver(registry);
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.replicationDelay = replicationDelay;
    }

    /** AWS's answer to a ReplicateKey into a Region that already holds a key of the family. */
    static final String ONE_REPLICA_PER_REGION = "You can create only one replica of each primary key in each AWS Region.";

    public ReplicateKeyResult replicateKey(RequestContext caller, ReplicateKeyRequest request) {
        Region replicaRegion = Region.of(request.replicaRegion());
        RequestContext replicaCaller = caller.inRegion(replicaRegion);
        // The policy and the tags are the caller's text: checked here, outside the lock, and their verdict
        // given where the write checks them.
        Precheck<String> checkedPolicy = Precheck.of(() -> KeyPolicies.checked(registry.accessControl(), replicaCaller,
                request.policy(), request.bypassPolicyLockoutSafetyCheck(), KeyPolicies.keyArn(replicaCaller, request.keyId())));
        Precheck<List<Tag>> checkedTags = Precheck.of(() -> request.tags() == null ? List.of()
                : TagRules.checkRequest(request.tags()));
        KeyRecord replica = registry.write(mutation -> {
            KeyRecord primary = resolver.resolve(caller, request.keyId(), AliasNames.REFUSED, Access.to("ReplicateKey")
                    .with("kms:ReplicaRegion", replicaRegion.name())).record();
            authorizeReplicaCreation(replicaCaller, primary, request);
            KeyStateRules.REPLICATE_KEY.check(primary);
            requirePrimary(primary, "region");
            if (replicaRegion.partition() != caller.region().partition()) {
                throw KmsException.validation("Replica region " + replicaRegion + " is not in the partition of the primary"
                        + " key (" + caller.region().partition().arnName() + ").");
            }
            KeyReference replicaReference = primary.reference().inRegion(replicaRegion);
            if (registry.familyRegions(caller.account(), primary.reference().keyId()).contains(replicaRegion)) {
                // AWS's text (recorded through CloudFormation); the primary's own Region, unrecorded, gets the same.
                throw new KmsException(ErrorCode.ALREADY_EXISTS, ONE_REPLICA_PER_REGION);
            }
            lifecycle.checkKeyLimit(replicaCaller);
            String policy = checkedPolicy.get();
            List<Tag> tags = checkedTags.get();
            Instant now = clock.instant();
            KeyRecord created = KeyRecord.builder()
                    .reference(replicaReference)
                    .description(request.description() == null ? "" : request.description())
                    .policy(policy)
                    .state(KeyState.Creating)
                    .creationDate(now)
                    .origin(primary.origin())
                    .keySpec(primary.keySpec())
                    .keyUsage(primary.keyUsage())
                    .primaryRegion(primary.primaryRegion())
                    .tags(tags)
                    .currentMaterialVersion(0)
                    .build();
            mutation.putKey(created);
            mutation.putEvent(new ReplicationEvent(registry.nextEventSequence(), replicaReference,
                    ReplicationEvent.Type.COMPLETE_REPLICA_CREATION, now.plus(replicationDelay), null));
            return created;
        });
        return new ReplicateKeyResult(KeyView.of(registry, replica), replica.policy(),
                request.tags() == null ? null : replica.tags());
    }

    public void updatePrimaryRegion(RequestContext caller, String keyId, String primaryRegion) {
        Region newPrimaryRegion = Region.of(primaryRegion);
        registry.write(mutation -> {
            Access access = Access.to("UpdatePrimaryRegion").with("kms:PrimaryRegion", newPrimaryRegion.name());
            KeyRecord primary = resolver.resolve(caller, keyId, AliasNames.REFUSED, access).record();
            KeyStateRules.UPDATE_PRIMARY_REGION.check(primary);
            requirePrimary(primary, "Region");
            if (newPrimaryRegion.equals(primary.reference().region())) {
                throw KmsException.validation(primary.arn() + " is already the primary key in " + newPrimaryRegion + ".");
            }
            KeyReference replicaReference = primary.reference().inRegion(newPrimaryRegion);
            KeyEntry replica = registry.find(replicaReference);
            if (replica == null) {
                throw KeyResolver.notExists(replicaReference);
            }
            caller.resolvedKeys().resolved(newPrimaryRegion, keyId, replica.record().arn()); // the audit's second record
            // The permission is needed on both keys: the primary and the replica in the new primary Region.
            registry.accessControl().authorize(caller.inRegion(newPrimaryRegion), access, replica.record());
            KeyStateRules.UPDATE_PRIMARY_REGION.check(replica.record());
            mutation.putKey(primary.toBuilder().state(KeyState.Updating).build());
            mutation.putKey(replica.record().toBuilder().state(KeyState.Updating).build());
            mutation.putEvent(new ReplicationEvent(registry.nextEventSequence(), replicaReference,
                    ReplicationEvent.Type.COMPLETE_PRIMARY_UPDATE, clock.instant().plus(replicationDelay),
                    newPrimaryRegion));
            return null;
        });
    }

    /**
     * ReplicateKey's permissions in the replica's Region, decided by the caller's identity policies alone, as the
     * ReplicateKey page says: {@code kms:CreateKey} (resource {@code *}, with the replica's properties and the
     * request's tags), and {@code kms:TagResource} when the request has tags.
     */
    private void authorizeReplicaCreation(RequestContext replicaCaller, KeyRecord primary, ReplicateKeyRequest request) {
        AccessControl accessControl = registry.accessControl();
        accessControl.authorizeByIdentity(replicaCaller, Access.to("CreateKey").with("kms:KeySpec", primary.keySpec().name())
                .with("kms:KeyUsage", primary.keyUsage().name()).with("kms:KeyOrigin", primary.origin().name())
                .with("kms:MultiRegion", true).with("kms:MultiRegionKeyType", "REPLICA")
                .with("kms:BypassPolicyLockoutSafetyCheck", request.bypassPolicyLockoutSafetyCheck())
                .withRequestTags(request.tags()), "*");
        if (request.tags() != null && !request.tags().isEmpty()) {
            accessControl.authorizeTagsOnCreation(replicaCaller, Access.to("TagResource").withRequestTags(request.tags()));
        }
    }

    /**
     * Refuses a key that is not a multi-Region primary. AWS spells the Region in lower case in ReplicateKey's
     * texts (recorded) and capitalized in UpdatePrimaryRegion's ({@code regionWord}).
     */
    private static void requirePrimary(KeyRecord key, String regionWord) {
        if (!key.multiRegion()) {
            throw KmsException.unsupported(key.arn() + " is not a multi-" + regionWord + " key.");
        }
        if (!key.isPrimary()) {
            throw KmsException.unsupported(key.arn() + " is not a multi-" + regionWord + " primary key.");
        }
    }
}
