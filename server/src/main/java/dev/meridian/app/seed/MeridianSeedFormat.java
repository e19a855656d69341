package dev.meridian.app.seed;

import dev.meridian.core.SeedPlan;
import dev.meridian.crypto.SecretBytes;
import dev.meridian.model.AccountId;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.MaterialInfo;
import dev.meridian.model.Region;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Meridian's own seed format ({@code format: meridian/v1}, or a top-level {@code keys:}); the README documents every
 * field with a complete example ({@code examples/seed.yaml}). Every field is checked: an unknown one is an error.
 */
final class MeridianSeedFormat {
    static final String FORMAT = "meridian/v1";
    /** The Region of keys that name none, when the file's {@code defaults} name none either. */
    static final Region DEFAULT_REGION = Region.of("us-east-1");
    private static final Set<String> ROOT = Set.of("format", "defaults", "keys");
    private static final Set<String> DEFAULTS = Set.of("account", "region");
    private static final Set<String> KEY = Set.of("keyId", "account", "region", "keySpec", "keyUsage", "origin",
            "description", "policy", "tags", "enabled", "creationDate", "material", "validTo", "rotation", "aliases",
            "replicas");
    private static final Set<String> MATERIAL = Set.of("hex", "base64", "pem", "rotatedAt", "rotationType");
    private static final Set<String> ROTATION = Set.of("periodInDays", "nextRotationDate");
    private static final Set<String> REPLICA = Set.of("region", "description", "policy", "tags", "enabled", "aliases");

    private MeridianSeedFormat() {
    }

    static SeedPlan read(SeedNode root, AccountId serverAccount) {
        Map<String, SeedNode> fields = root.object(ROOT);
        SeedNode format = fields.get("format");
        if (format != null && !format.text().trim().equals(FORMAT)) {
            throw new SeedFileException(format, "unknown format '" + format.text() + "'; expected " + FORMAT + " or"
                    + " local-kms");
        }
        AccountId account = serverAccount;
        Region region = DEFAULT_REGION;
        SeedNode defaults = fields.get("defaults");
        if (defaults != null) {
            Map<String, SeedNode> given = defaults.object(DEFAULTS);
            account = given.containsKey("account") ? SeedValues.account(given.get("account")) : account;
            region = given.containsKey("region") ? SeedValues.region(given.get("region")) : region;
        }
        SeedNode keys = fields.get("keys");
        if (keys == null) {
            throw new SeedFileException(root, "a Meridian seed has a list of keys (keys:)");
        }
        List<SeedPlan.Key> result = new ArrayList<>();
        for (SeedNode key : keys.list()) {
            result.add(key(key, account, region));
        }
        return new SeedPlan(result);
    }

    private static SeedPlan.Key key(SeedNode node, AccountId defaultAccount, Region defaultRegion) {
        Map<String, SeedNode> fields = node.object(KEY);
        SeedNode keyIdNode = required(node, fields, "keyId");
        AccountId account = fields.containsKey("account") ? SeedValues.account(fields.get("account")) : defaultAccount;
        Region region = fields.containsKey("region") ? SeedValues.region(fields.get("region")) : defaultRegion;
        KeySpec spec = fields.containsKey("keySpec") ? SeedValues.keySpec(fields.get("keySpec")) : KeySpec.SYMMETRIC_DEFAULT;
        KeyUsage usage = usage(node, fields.get("keyUsage"), spec);
        KeyOrigin origin = fields.containsKey("origin") ? SeedValues.origin(fields.get("origin")) : KeyOrigin.AWS_KMS;
        List<SeedPlan.Material> materials = new ArrayList<>();
        for (SeedNode material : optional(fields, "material").list()) {
            materials.add(material(material));
        }
        SeedPlan.Rotation rotation = null;
        SeedNode rotationNode = fields.get("rotation");
        if (rotationNode != null && !rotationNode.isNull()) {
            Map<String, SeedNode> given = rotationNode.object(ROTATION);
            rotation = new SeedPlan.Rotation(rotationNode.place(),
                    given.containsKey("periodInDays") ? SeedValues.wholeNumber(given.get("periodInDays")) : 365,
                    given.containsKey("nextRotationDate") ? SeedValues.instant(given.get("nextRotationDate")) : null);
        }
        List<SeedPlan.Replica> replicas = new ArrayList<>();
        for (SeedNode replica : optional(fields, "replicas").list()) {
            replicas.add(replica(replica));
        }
        return new SeedPlan.Key(node.place(), account, region, SeedValues.keyId(keyIdNode), spec, usage, origin,
                SeedValues.string(optional(fields, "description")), policy(fields.get("policy")),
                SeedValues.tags(fields.get("tags")), !fields.containsKey("enabled") || SeedValues.bool(fields.get("enabled")),
                fields.containsKey("creationDate") ? SeedValues.instant(fields.get("creationDate")) : null, materials,
                fields.containsKey("validTo") ? SeedValues.instant(fields.get("validTo")) : null, rotation,
                aliases(fields.get("aliases")), replicas);
    }

    /** The usage given; else the spec's only usage; a spec with several needs it, as CreateKey does. */
    private static KeyUsage usage(SeedNode key, SeedNode given, KeySpec spec) {
        if (given != null) {
            return SeedValues.keyUsage(given);
        }
        if (spec.usages().size() == 1) {
            return spec.usages().iterator().next();
        }
        throw new SeedFileException(key, "keyUsage is required for a " + spec + " key: one of " + spec.usages());
    }

    private static SeedPlan.Material material(SeedNode node) {
        Map<String, SeedNode> fields = node.object(MATERIAL);
        List<String> forms = fields.keySet().stream().filter(Set.of("hex", "base64", "pem")::contains).toList();
        if (forms.size() != 1) {
            throw new SeedFileException(node, "a material version is written in one of hex, base64 or pem, not "
                    + (forms.isEmpty() ? "none" : String.join(" and ", forms)));
        }
        SeedNode value = fields.get(forms.get(0));
        SecretBytes secret = switch (forms.get(0)) {
            case "hex" -> SeedValues.hex(value);
            case "base64" -> SeedValues.base64(value);
            default -> SeedValues.pem(value);
        };
        return new SeedPlan.Material(value.place(), secret,
                fields.containsKey("rotatedAt") ? SeedValues.instant(fields.get("rotatedAt")) : null,
                fields.containsKey("rotationType")
                        ? SeedValues.named(fields.get("rotationType"), MaterialInfo.RotationType.class, "rotation type")
                        : null);
    }

    /** A replica: its Region alone, or a mapping with its own per-Region properties. */
    private static SeedPlan.Replica replica(SeedNode node) {
        if (node.kind() == SeedNode.Kind.SCALAR) {
            return new SeedPlan.Replica(node.place(), SeedValues.region(node), "", null, List.of(), true, List.of());
        }
        Map<String, SeedNode> fields = node.object(REPLICA);
        return new SeedPlan.Replica(node.place(), SeedValues.region(required(node, fields, "region")),
                SeedValues.string(optional(fields, "description")), policy(fields.get("policy")),
                SeedValues.tags(fields.get("tags")), !fields.containsKey("enabled") || SeedValues.bool(fields.get("enabled")),
                aliases(fields.get("aliases")));
    }

    private static List<SeedPlan.Alias> aliases(SeedNode node) {
        List<SeedPlan.Alias> aliases = new ArrayList<>();
        if (node != null) {
            for (SeedNode alias : node.list()) {
                aliases.add(new SeedPlan.Alias(alias.place(), alias.text().trim()));
            }
        }
        return aliases;
    }

    /** The key policy: JSON text (a YAML block, {@code policy: |}); null when absent, for the default policy. */
    private static String policy(SeedNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.kind() != SeedNode.Kind.SCALAR) {
            throw new SeedFileException(node, "the key policy is JSON text; write it as a block (policy: |) or a string");
        }
        return node.text();
    }

    private static SeedNode required(SeedNode node, Map<String, SeedNode> fields, String name) {
        SeedNode value = fields.get(name);
        if (value == null || value.isNull()) {
            throw new SeedFileException(node, "the field " + name + " is required");
        }
        return value;
    }

    private static SeedNode optional(Map<String, SeedNode> fields, String name) {
        SeedNode value = fields.get(name);
        return value == null ? SeedNode.ABSENT : value;
    }
}
