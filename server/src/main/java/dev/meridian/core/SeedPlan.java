package dev.meridian.core;

import dev.meridian.crypto.SecretBytes;
import dev.meridian.model.AccountId;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.MaterialInfo;
import dev.meridian.model.Region;
import dev.meridian.model.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The keys a seed file asks for, as immutable values: what {@link Seeding} checks and applies at start. Made by
 * the application from a file (Meridian's own format or local-kms's); it holds no file format, only where each
 * value came from ({@code place}, such as {@code seed.yaml line 12, column 7}), so that an error names it.
 *
 * @param keys the keys, each with its replicas and aliases, in the file's order
 */
public record SeedPlan(List<Key> keys) {
    public SeedPlan {
        keys = List.copyOf(keys);
    }

    /** Wipes every material version the plan holds: its owner calls this once the plan is applied or refused. */
    public void destroy() {
        keys.forEach(key -> key.materials().forEach(material -> material.secret().destroy()));
    }

    /**
     * One key as the seed gives it: a single-Region key, or a multi-Region primary with its replicas.
     *
     * @param place where the key is written
     * @param account its account
     * @param region its Region (the primary's, for a multi-Region key)
     * @param keyId the ID chosen (a UUID, or {@code mrk-} and 32 hex digits for a multi-Region key)
     * @param keySpec the key spec
     * @param keyUsage the key usage
     * @param origin {@code AWS_KMS} or {@code EXTERNAL}
     * @param description the description; empty when none
     * @param policy the key policy; null for the default policy
     * @param tags the tags, in order
     * @param enabled false for a key seeded {@code Disabled}
     * @param creationDate the creation date; null for the time of seeding
     * @param materials the material versions, oldest first, the current one last; empty to generate material
     *     ({@code AWS_KMS}) or to wait for an import ({@code EXTERNAL}, {@code PendingImport})
     * @param validTo when imported material expires; null when it does not
     * @param rotation automatic rotation; null when it is off
     * @param aliases the key's aliases in its own Region
     * @param replicas the Regions of a multi-Region primary's replicas
     */
    public record Key(String place, AccountId account, Region region, KeyId keyId, KeySpec keySpec, KeyUsage keyUsage,
            KeyOrigin origin, String description, String policy, List<Tag> tags, boolean enabled, Instant creationDate,
            List<Material> materials, Instant validTo, Rotation rotation, List<Alias> aliases, List<Replica> replicas) {
        public Key {
            Objects.requireNonNull(place, "place");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(keySpec, "keySpec");
            Objects.requireNonNull(keyUsage, "keyUsage");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(description, "description");
            tags = List.copyOf(tags);
            materials = List.copyOf(materials);
            aliases = List.copyOf(aliases);
            replicas = List.copyOf(replicas);
        }
    }

    /**
     * One version of a key's material, in the clear: 32 bytes (16 in {@code aws-cn}) for a symmetric key, the
     * secret of an HMAC key, a PKCS#8 DER private key for an asymmetric key. Never printed.
     *
     * @param place where the version is written
     * @param secret the material
     * @param rotatedAt when a later version came by rotation; null for the time of seeding (ignored for the first)
     * @param rotationType how a later version came; null for {@code AUTOMATIC} ({@code ON_DEMAND} for imported material)
     */
    public record Material(String place, SecretBytes secret, Instant rotatedAt, MaterialInfo.RotationType rotationType) {
        public Material {
            Objects.requireNonNull(place, "place");
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public String toString() {
            return "Material[" + place + "]";
        }
    }

    /**
     * Automatic rotation of a symmetric key.
     *
     * @param place where it is written
     * @param periodInDays the period, 90 to 2560 days
     * @param nextRotationDate the next rotation; null for the creation date plus the period
     */
    public record Rotation(String place, int periodInDays, Instant nextRotationDate) {
        public Rotation {
            Objects.requireNonNull(place, "place");
        }
    }

    /** An alias ({@code alias/...}) of a key in one Region, and where it is written. */
    public record Alias(String place, String name) {
        public Alias {
            Objects.requireNonNull(place, "place");
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A replica of a multi-Region primary: the same material, its own per-Region properties.
     *
     * @param place where the replica is written
     * @param region its Region
     * @param description its description; empty when none
     * @param policy its key policy; null for the default policy
     * @param tags its tags
     * @param enabled false for a replica seeded {@code Disabled}
     * @param aliases its aliases in its own Region
     */
    public record Replica(String place, Region region, String description, String policy, List<Tag> tags, boolean enabled,
            List<Alias> aliases) {
        public Replica {
            Objects.requireNonNull(place, "place");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(description, "description");
            tags = List.copyOf(tags);
            aliases = List.copyOf(aliases);
        }
    }
}
