package dev.meridian.core;

import dev.meridian.crypto.KeyMaterial;
import dev.meridian.crypto.KeyMaterialService;
import dev.meridian.model.Alias;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyManager;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeyState;
import dev.meridian.model.MaterialInfo;
import dev.meridian.model.Region;
import dev.meridian.model.WrappedMaterial;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a {@link SeedPlan} at start, before the port answers: creates the keys, replicas and aliases it names
 * that the store lacks, and checks those it has.
 *
 * <p>Guarantees:
 * <ul>
 *   <li><b>All or nothing.</b> The whole plan is checked first ({@link SeedChecks}), then compared with the store
 *       and written in one {@link KeyRegistry#write}: a {@link SeedException} leaves the store as it was.</li>
 *   <li><b>Idempotent.</b> A key that exists is compared, never changed: its spec, usage, origin and multi-Region
 *       primary must be the seed's, and each seeded material version must be the store's version of the same number
 *       (by key material ID; the store may hold later versions, from rotations since). Its description, policy,
 *       tags, state and rotation settings are the store's, as the key's users left them. An alias that exists must
 *       name the seeded key. So applying a seed again writes nothing, rotates nothing and records nothing.</li>
 *   <li><b>Like any other key.</b> Seeded material is parsed as ImportKeyMaterial parses it
 *       ({@link KeyMaterialService#parseImported}) and wrapped under the root key; the same key ID, account and
 *       material give ciphertexts that any server seeded alike decrypts. A multi-Region key's Regions are created
 *       together, replicas {@code Enabled} at once with the primary's material.</li>
 * </ul>
 * Seeding publishes no service event, so it adds no audit record.
 */
public final class Seeding {
    private final KeyRegistry registry;
    private final Clock clock;

    /** What a seed did: the key records (one per Region) and aliases it created, and the key records it found. */
    public record Outcome(int keysCreated, int keysPresent, int aliasesCreated) {
    }

    Seeding(KeyRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Checks {@code plan} against itself and the store, then writes what is missing in one batch. */
    public Outcome apply(SeedPlan plan) {
        List<SeedChecks.CheckedKey> checked = SeedChecks.check(plan);
        try {
            return registry.write(mutation -> {
                int[] counts = new int[3];
                for (SeedChecks.CheckedKey key : checked) {
                    applyKey(mutation, key, counts);
                }
                return new Outcome(counts[0], counts[1], counts[2]);
            });
        } finally {
            checked.forEach(SeedChecks.CheckedKey::destroy);
        }
    }

    private void applyKey(Mutation mutation, SeedChecks.CheckedKey checked, int[] counts) {
        SeedPlan.Key key = checked.key();
        KeyReference primary = new KeyReference(key.account(), key.region(), key.keyId());
        List<String> places = new ArrayList<>();
        List<KeyReference> references = new ArrayList<>();
        places.add(key.place());
        references.add(primary);
        for (SeedPlan.Replica replica : key.replicas()) {
            places.add(replica.place());
            references.add(primary.inRegion(replica.region()));
        }
        List<KeyEntry> existing = references.stream().map(registry::find).toList();
        long present = existing.stream().filter(entry -> entry != null).count();
        if (present == 0) {
            List<Region> elsewhere = registry.familyRegions(key.account(), key.keyId());
            if (!elsewhere.isEmpty()) {
                throw new SeedException(key.place(), "the key " + key.keyId() + " exists in the store in " + elsewhere
                        + ", not in " + key.region() + " as the seed's primary");
            }
            create(mutation, checked);
            counts[0] += references.size();
        } else {
            for (int i = 0; i < references.size(); i++) {
                if (existing.get(i) == null) {
                    throw new SeedException(places.get(i), "the store holds the key " + key.keyId() + " in "
                            + regionsOf(references, existing) + " but not in " + references.get(i).region()
                            + "; a seed creates a multi-Region key's Regions together");
                }
                compare(places.get(i), checked, existing.get(i));
            }
            counts[1] += references.size();
        }
        counts[2] += aliases(mutation, primary, key.aliases());
        for (SeedPlan.Replica replica : key.replicas()) {
            counts[2] += aliases(mutation, primary.inRegion(replica.region()), replica.aliases());
        }
    }

    private static List<Region> regionsOf(List<KeyReference> references, List<KeyEntry> existing) {
        List<Region> regions = new ArrayList<>();
        for (int i = 0; i < references.size(); i++) {
            if (existing.get(i) != null) {
                regions.add(references.get(i).region());
            }
        }
        return regions;
    }

    /** A key the store has: the seed may not say otherwise of what cannot change. */
    private static void compare(String place, SeedChecks.CheckedKey checked, KeyEntry entry) {
        SeedPlan.Key key = checked.key();
        KeyRecord stored = entry.record();
        String arn = stored.arn();
        if (stored.keyManager() != KeyManager.CUSTOMER) {
            throw new SeedException(place, "the key " + arn + " is an AWS managed key in the store");
        }
        if (stored.keySpec() != key.keySpec() || stored.keyUsage() != key.keyUsage()) {
            throw new SeedException(place, "the store holds the key " + arn + " with key spec " + stored.keySpec()
                    + " and key usage " + stored.keyUsage() + ", not " + key.keySpec() + " and " + key.keyUsage());
        }
        if (stored.origin() != key.origin()) {
            throw new SeedException(place, "the store holds the key " + arn + " with origin " + stored.origin() + ", not "
                    + key.origin());
        }
        if (stored.multiRegion() && !stored.primaryRegion().equals(key.region())) {
            throw new SeedException(place, "the store holds the multi-Region key " + arn + " with its primary in "
                    + stored.primaryRegion() + ", not " + key.region());
        }
        for (int i = 0; i < checked.materialIds().size(); i++) {
            int version = i + 1;
            WrappedMaterial held = entry.materials().get(version);
            if (held == null) {
                throw new SeedException(key.materials().get(i).place(), "the store holds no material version " + version
                        + " of the key " + arn);
            }
            if (!held.info().keyMaterialId().equals(checked.materialIds().get(i))) {
                throw new SeedException(key.materials().get(i).place(), "the store holds other material as version "
                        + version + " of the key " + arn + " (key material ID " + held.info().keyMaterialId() + ")");
            }
        }
    }

    /** The key in every seeded Region, with its material versions wrapped for each. */
    private void create(Mutation mutation, SeedChecks.CheckedKey checked) {
        SeedPlan.Key key = checked.key();
        Instant now = clock.instant();
        Instant created = key.creationDate() != null ? key.creationDate() : earliest(now, key.materials());
        if (created.isAfter(now)) {
            throw new SeedException(key.place(), "the creation date " + created + " is in the future");
        }
        if (key.validTo() != null && !key.validTo().isAfter(now)) {
            throw new SeedException(key.place(), "validTo " + key.validTo() + " has passed");
        }
        List<KeyMaterial> materials = new ArrayList<>(checked.materials());
        List<String> ids = new ArrayList<>(checked.materialIds());
        KeyMaterial generated = null;
        if (materials.isEmpty() && key.origin() == KeyOrigin.AWS_KMS) {
            generated = KeyMaterialService.generate(key.keySpec(), key.region().partition());
            materials.add(generated);
            ids.add(KeyMaterialService.keyMaterialId(generated));
        }
        try {
            List<MaterialInfo> infos = infos(key, created, now, ids);
            KeyRecord record = record(key, created, materials.size())
                    .reference(new KeyReference(key.account(), key.region(), key.keyId()))
                    .description(key.description()).policy(checked.policy()).tags(key.tags())
                    .state(state(key.enabled(), materials.isEmpty())).build();
            put(mutation, record, materials, infos);
            for (int i = 0; i < key.replicas().size(); i++) {
                SeedPlan.Replica replica = key.replicas().get(i);
                KeyRecord replicaRecord = record(key, created, materials.size())
                        .reference(record.reference().inRegion(replica.region()))
                        .description(replica.description()).policy(checked.replicaPolicies().get(i))
                        .tags(replica.tags()).state(state(replica.enabled(), materials.isEmpty())).build();
                put(mutation, replicaRecord, materials, infos);
            }
        } finally {
            if (generated != null) {
                generated.destroy();
            }
        }
    }

    /** Without a creation date, a key was created now, or at its first rotation given, if that is earlier. */
    private static Instant earliest(Instant now, List<SeedPlan.Material> materials) {
        Instant earliest = now;
        for (SeedPlan.Material material : materials) {
            if (material.rotatedAt() != null && material.rotatedAt().isBefore(earliest)) {
                earliest = material.rotatedAt();
            }
        }
        return earliest;
    }

    /** What the key's Regions share: spec, usage, origin, primary, dates, rotation and current version. */
    private static KeyRecord.Builder record(SeedPlan.Key key, Instant created, int versions) {
        KeyRecord.Builder builder = KeyRecord.builder().creationDate(created).origin(key.origin())
                .keySpec(key.keySpec()).keyUsage(key.keyUsage())
                .primaryRegion(key.keyId().isMultiRegion() ? key.region() : null)
                .currentMaterialVersion(versions);
        SeedPlan.Rotation rotation = key.rotation();
        if (rotation != null) {
            Instant next = rotation.nextRotationDate() != null ? rotation.nextRotationDate()
                    : created.plus(Duration.ofDays(rotation.periodInDays()));
            builder.rotationEnabled(true).rotationPeriodInDays(rotation.periodInDays()).nextRotationDate(next);
        }
        return builder;
    }

    private static KeyState state(boolean enabled, boolean awaitingImport) {
        return awaitingImport ? KeyState.PendingImport : enabled ? KeyState.Enabled : KeyState.Disabled;
    }

    /** Each version's information: the first from the key's creation, later ones from their rotation. */
    private static List<MaterialInfo> infos(SeedPlan.Key key, Instant created, Instant now, List<String> ids) {
        List<MaterialInfo> infos = new ArrayList<>();
        Instant previous = created;
        for (int i = 0; i < ids.size(); i++) {
            SeedPlan.Material given = i < key.materials().size() ? key.materials().get(i) : null;
            if (i == 0) {
                infos.add(new MaterialInfo(ids.get(i), created, null, null, key.validTo()));
                continue;
            }
            Instant rotated = given.rotatedAt() == null ? now : given.rotatedAt();
            if (rotated.isBefore(previous)) {
                throw new SeedException(given.place(), "the rotation date " + rotated + " is before the previous"
                        + " version's date " + previous);
            }
            MaterialInfo.RotationType type = given.rotationType() != null ? given.rotationType()
                    : key.origin() == KeyOrigin.EXTERNAL ? MaterialInfo.RotationType.ON_DEMAND
                    : MaterialInfo.RotationType.AUTOMATIC;
            infos.add(new MaterialInfo(ids.get(i), rotated, type, null, key.validTo()));
            previous = rotated;
        }
        return infos;
    }

    private void put(Mutation mutation, KeyRecord record, List<KeyMaterial> materials, List<MaterialInfo> infos) {
        mutation.putKey(record);
        KeyReference reference = record.reference();
        for (int i = 0; i < materials.size(); i++) {
            int version = i + 1;
            mutation.putMaterial(new WrappedMaterial(reference, version,
                    KeyMaterialService.wrap(registry.rootKey(), materials.get(i), reference, version), infos.get(i)));
        }
    }

    /** Creates the aliases the store lacks; an alias that names another key contradicts the seed. */
    private int aliases(Mutation mutation, KeyReference key, List<SeedPlan.Alias> aliases) {
        int created = 0;
        Instant now = clock.instant();
        for (SeedPlan.Alias alias : aliases) {
            Alias stored = registry.alias(key.account(), key.region(), alias.name());
            if (stored == null) {
                mutation.putAlias(new Alias(key.account(), key.region(), alias.name(), key.keyId(), now, now));
                created++;
            } else if (!key.keyId().equals(stored.targetKeyId())) {
                KeyId target = stored.targetKeyId();
                throw new SeedException(alias.place(), "the alias " + stored.arn() + " names the key " + target
                        + " in the store, not " + key.keyId());
            }
        }
        if (created > 0 && registry.aliasesOf(key).size() + created > Aliases.MAXIMUM_ALIASES_PER_KEY) {
            throw new SeedException(aliases.get(0).place(), "the key " + key.arn() + " would have more than "
                    + Aliases.MAXIMUM_ALIASES_PER_KEY + " aliases");
        }
        return created;
    }
}
