package dev.meridian.core;

import dev.meridian.crypto.KeyMaterial;
import dev.meridian.crypto.KeyMaterialService;
import dev.meridian.model.AccountId;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeySpec;
import dev.meridian.model.Region;
import dev.meridian.model.RequestContext;
import dev.meridian.model.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks of a {@link SeedPlan} that need no store: each key alone (spec and usage, material, rotation,
 * policy, tags, aliases, replicas) and the plan as a whole (no key or alias seeded twice). The material is
 * parsed here with {@link KeyMaterialService#parseImported}, the path of ImportKeyMaterial, so a seeded key takes
 * exactly what an import into it would take. Each error is a {@link SeedException} naming the place.
 */
final class SeedChecks {
    /** AWS's range for {@code RotationPeriodInDays}. */
    static final int MINIMUM_ROTATION_PERIOD = 90;
    static final int MAXIMUM_ROTATION_PERIOD = 2560;
    private static final int MAXIMUM_DESCRIPTION_LENGTH = 8192;
    /** The service model's {@code AliasNameType}: 1 to 256 characters of this pattern. */
    private static final Pattern ALIAS_NAME = Pattern.compile("[a-zA-Z0-9:/_-]+");
    private static final int MAXIMUM_ALIAS_NAME_LENGTH = 256;

    /** A key that passed the checks: its parsed material versions (the caller destroys them) and their IDs. */
    record CheckedKey(SeedPlan.Key key, List<KeyMaterial> materials, List<String> materialIds, String policy,
            List<String> replicaPolicies) {
        void destroy() {
            materials.forEach(KeyMaterial::destroy);
        }
    }

    private SeedChecks() {
    }

    /** Checks every key of {@code plan}; on an error, destroys what it parsed and throws {@link SeedException}. */
    static List<CheckedKey> check(SeedPlan plan) {
        List<CheckedKey> checked = new ArrayList<>();
        try {
            Map<String, String> keyPlaces = new HashMap<>();
            Map<String, String> aliasPlaces = new HashMap<>();
            for (SeedPlan.Key key : plan.keys()) {
                checked.add(checkKey(key));
                // Key IDs are unique in an account, whatever the Region: a multi-Region key's Regions are one key.
                String first = keyPlaces.putIfAbsent(key.account() + "/" + key.keyId(), key.place());
                if (first != null) {
                    throw new SeedException(key.place(), "the key " + key.keyId() + " of account " + key.account()
                            + " is seeded twice (first at " + first + ")");
                }
                key.aliases().forEach(alias -> claimAlias(aliasPlaces, alias, key.account(), key.region()));
                for (SeedPlan.Replica replica : key.replicas()) {
                    replica.aliases().forEach(alias -> claimAlias(aliasPlaces, alias, key.account(), replica.region()));
                }
            }
            return checked;
        } catch (RuntimeException e) {
            checked.forEach(CheckedKey::destroy);
            throw e;
        }
    }

    private static CheckedKey checkKey(SeedPlan.Key key) {
        String place = key.place();
        KeySpec spec = key.keySpec();
        if (!spec.supports(key.keyUsage())) {
            throw new SeedException(place, "key usage " + key.keyUsage() + " is not compatible with key spec " + spec
                    + "; it takes " + spec.usages());
        }
        if (!KeyMaterialService.offeredIn(spec, key.region().partition())) {
            throw new SeedException(place, "key spec " + spec + " is offered only in the China Regions (aws-cn), not in "
                    + key.region());
        }
        if (key.origin() != KeyOrigin.AWS_KMS && key.origin() != KeyOrigin.EXTERNAL) {
            throw new SeedException(place, "origin " + key.origin() + " cannot be seeded; use AWS_KMS or EXTERNAL");
        }
        checkDescription(place, key.description());
        checkTags(place, key.tags());
        checkAliasCount(place, key.aliases());
        if (!key.keyId().isMultiRegion() && !key.replicas().isEmpty()) {
            throw new SeedException(key.replicas().get(0).place(), "a single-Region key has no replicas; the key ID of"
                    + " a multi-Region key is mrk- and 32 hex digits");
        }
        if (key.validTo() != null && key.origin() != KeyOrigin.EXTERNAL) {
            throw new SeedException(place, "validTo is for imported material (origin EXTERNAL) only");
        }
        if (key.validTo() != null && key.materials().isEmpty()) {
            throw new SeedException(place, "validTo needs the imported material it applies to");
        }
        checkRotation(key);
        String policy = checkedPolicy(place, key.account(), key.region(), key.policy());
        List<String> replicaPolicies = new ArrayList<>();
        List<Region> replicaRegions = new ArrayList<>();
        for (SeedPlan.Replica replica : key.replicas()) {
            if (replica.region().equals(key.region())) {
                throw new SeedException(replica.place(), "the replica's Region " + replica.region() + " is the primary's"
                        + " Region; a replica is in another Region");
            }
            if (replica.region().partition() != key.region().partition()) {
                throw new SeedException(replica.place(), "the replica's Region " + replica.region() + " is in another"
                        + " partition than the primary's Region " + key.region());
            }
            if (replicaRegions.contains(replica.region())) {
                throw new SeedException(replica.place(), "the key has two replicas in " + replica.region());
            }
            replicaRegions.add(replica.region());
            checkDescription(replica.place(), replica.description());
            checkTags(replica.place(), replica.tags());
            checkAliasCount(replica.place(), replica.aliases());
            replicaPolicies.add(checkedPolicy(replica.place(), key.account(), replica.region(), replica.policy()));
        }
        List<KeyMaterial> materials = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try {
            if (spec != KeySpec.SYMMETRIC_DEFAULT && key.materials().size() > 1) {
                throw new SeedException(key.materials().get(1).place(), "a " + spec + " key has one material version;"
                        + " only symmetric encryption keys rotate");
            }
            for (SeedPlan.Material given : key.materials()) {
                KeyMaterial material = KeyMaterialService.parseImported(spec, given.secret())
                        .orElseThrow(() -> new SeedException(given.place(), notMaterial(spec, given.secret().length())));
                materials.add(material);
                if (!material.fitsPartition(key.region().partition())) {
                    throw new SeedException(given.place(), "the material does not fit a " + spec + " key in partition "
                            + key.region().partition().arnName() + notMaterialHint(spec));
                }
                String id = KeyMaterialService.keyMaterialId(material);
                int same = ids.indexOf(id);
                if (same >= 0) {
                    throw new SeedException(given.place(), "the same material as version " + (same + 1));
                }
                ids.add(id);
            }
        } catch (RuntimeException e) {
            materials.forEach(KeyMaterial::destroy);
            throw e;
        }
        return new CheckedKey(key, materials, ids, policy, replicaPolicies);
    }

    private static String notMaterial(KeySpec spec, int length) {
        if (spec.isAsymmetric()) {
            return "not a private key of key spec " + spec + " (PKCS#8, unencrypted)";
        }
        return length + " bytes are not material of a " + spec + " key" + notMaterialHint(spec);
    }

    private static String notMaterialHint(KeySpec spec) {
        return spec == KeySpec.SYMMETRIC_DEFAULT ? " (32 bytes; 16 in the China Regions)" : "";
    }

    private static void checkRotation(SeedPlan.Key key) {
        SeedPlan.Rotation rotation = key.rotation();
        if (rotation == null) {
            return;
        }
        if (key.keySpec() != KeySpec.SYMMETRIC_DEFAULT || key.origin() != KeyOrigin.AWS_KMS) {
            throw new SeedException(rotation.place(), "automatic rotation is for symmetric encryption keys of origin"
                    + " AWS_KMS only");
        }
        if (rotation.periodInDays() < MINIMUM_ROTATION_PERIOD || rotation.periodInDays() > MAXIMUM_ROTATION_PERIOD) {
            throw new SeedException(rotation.place(), "the rotation period must be " + MINIMUM_ROTATION_PERIOD + " to "
                    + MAXIMUM_ROTATION_PERIOD + " days, not " + rotation.periodInDays());
        }
    }

    private static String checkedPolicy(String place, AccountId account, Region region, String policy) {
        try {
            // The lockout check is bypassed, as with BypassPolicyLockoutSafetyCheck: a seed may lock a key on purpose.
            return KeyPolicies.checked(RequestContext.root(account, region), policy, true);
        } catch (KmsException e) {
            throw new SeedException(place, "the key policy is malformed"
                    + (e.getMessage() == null || e.getMessage().isEmpty() ? "" : ": " + e.getMessage()));
        }
    }

    private static void checkDescription(String place, String description) {
        if (description.length() > MAXIMUM_DESCRIPTION_LENGTH) {
            throw new SeedException(place, "the description is longer than " + MAXIMUM_DESCRIPTION_LENGTH + " characters");
        }
    }

    private static void checkTags(String place, List<Tag> tags) {
        for (Tag tag : tags) {
            if (tag.key().isEmpty() || tag.key().length() > 128 || tag.value().length() > 256) {
                throw new SeedException(place, "the tag " + tag.key() + " must have a key of 1 to 128 characters and a"
                        + " value of at most 256");
            }
        }
        try {
            TagRules.checkRequest(tags);
        } catch (KmsException e) {
            throw new SeedException(place, "the tags are refused: " + e.getMessage());
        }
    }

    private static void checkAliasCount(String place, List<SeedPlan.Alias> aliases) {
        if (aliases.size() > Aliases.MAXIMUM_ALIASES_PER_KEY) {
            throw new SeedException(place, "a key has at most " + Aliases.MAXIMUM_ALIASES_PER_KEY + " aliases, not "
                    + aliases.size());
        }
    }

    /** AWS's rules for an alias name, as CreateAlias applies them. */
    static void checkAliasName(SeedPlan.Alias alias) {
        String name = alias.name();
        if (!name.startsWith("alias/")) {
            throw new SeedException(alias.place(), "the alias name " + name + " must start with alias/");
        }
        if (name.startsWith("alias/aws/")) {
            throw new SeedException(alias.place(), "the alias name " + name + " is reserved for AWS managed keys"
                    + " (alias/aws/...)");
        }
        if (name.length() == "alias/".length() || name.length() > MAXIMUM_ALIAS_NAME_LENGTH
                || !ALIAS_NAME.matcher(name).matches()) {
            throw new SeedException(alias.place(), "the alias name " + name + " must be alias/ and up to 250 letters,"
                    + " digits, slashes (/), underscores (_), dashes (-) or colons (:)");
        }
    }

    private static void claimAlias(Map<String, String> places, SeedPlan.Alias alias, AccountId account, Region region) {
        checkAliasName(alias);
        String arn = KeyResolver.aliasArn(account, region, alias.name());
        String first = places.putIfAbsent(arn, alias.place());
        if (first != null) {
            throw new SeedException(alias.place(), "the alias " + arn + " is seeded twice (first at " + first + ")");
        }
    }
}
