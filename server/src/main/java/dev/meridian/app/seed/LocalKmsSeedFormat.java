package dev.meridian.app.seed;

import dev.meridian.core.SeedPlan;
import dev.meridian.crypto.KeyMaterial;
import dev.meridian.crypto.KeyMaterialService;
import dev.meridian.crypto.SecretBytes;
import dev.meridian.model.AccountId;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.Region;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * local-kms's seed format (nsmithuk/local-kms, its README's "Seeding file format"), read as local-kms reads it:
 * {@code Keys: Symmetric: Aes:} with {@code BackingKeys} (hex, 32 bytes each, the last one current, the earlier ones
 * the key's rotations) and {@code NextKeyRotation}; {@code Keys: Asymmetric: Rsa/Ecc:} with {@code PrivateKeyPem}
 * (PKCS#8, or SEC 1 {@code EC PRIVATE KEY} as local-kms's own example has it; the key spec follows from the key);
 * {@code Metadata} with {@code KeyId}, {@code Description}, {@code KeyUsage}, {@code Origin: EXTERNAL} (at most one
 * backing key; none leaves the key {@code PendingImport}) and {@code Enabled}; {@code Aliases} with
 * {@code AliasName} and {@code TargetKeyId}; and local-kms's legacy form, a list of AES keys under {@code Keys}.
 * local-kms serves one account and Region: the keys go to the server's account and {@link #REGION}.
 */
final class LocalKmsSeedFormat {
    /** local-kms's default {@code KMS_REGION}. */
    static final Region REGION = Region.of("eu-west-2");
    /** local-kms rotates a key a year after its last rotation. */
    private static final int ROTATION_PERIOD_IN_DAYS = 365;
    static final String FORMAT = "local-kms";
    private static final Set<String> ROOT = Set.of("format", "Keys", "Aliases");
    private static final Set<String> KEYS = Set.of("Symmetric", "Asymmetric");
    private static final Set<String> SYMMETRIC = Set.of("Aes");
    private static final Set<String> ASYMMETRIC = Set.of("Rsa", "Ecc");
    private static final Set<String> AES_KEY = Set.of("Metadata", "BackingKeys", "NextKeyRotation");
    private static final Set<String> ASYMMETRIC_KEY = Set.of("Metadata", "PrivateKeyPem");
    private static final Set<String> METADATA = Set.of("KeyId", "Description", "KeyUsage", "Origin", "Enabled", "KeyState");
    private static final Set<String> ALIAS = Set.of("AliasName", "TargetKeyId", "AliasArn");
    private static final List<KeySpec> RSA_SPECS = List.of(KeySpec.RSA_2048, KeySpec.RSA_3072, KeySpec.RSA_4096);
    private static final List<KeySpec> ECC_SPECS = List.of(KeySpec.ECC_NIST_P256, KeySpec.ECC_NIST_P384,
            KeySpec.ECC_NIST_P521, KeySpec.ECC_SECG_P256K1);

    private LocalKmsSeedFormat() {
    }

    /** Whether {@code root} is a local-kms seed: its keys are under {@code Keys:} (or it has only {@code Aliases:}). */
    static boolean recognizes(SeedNode root) {
        return root.kind() == SeedNode.Kind.OBJECT
                && (root.fields().containsKey("Keys") || root.fields().containsKey("Aliases"));
    }

    static SeedPlan read(SeedNode root, AccountId account) {
        Map<String, SeedNode> fields = root.object(ROOT);
        List<Builder> keys = new ArrayList<>();
        SeedNode keysNode = fields.getOrDefault("Keys", SeedNode.ABSENT);
        if (keysNode.kind() == SeedNode.Kind.ARRAY) {
            keysNode.list().forEach(aes -> keys.add(aes(aes, account)));
        } else if (!keysNode.isNull()) {
            Map<String, SeedNode> families = keysNode.object(KEYS);
            SeedNode symmetric = families.getOrDefault("Symmetric", SeedNode.ABSENT);
            if (!symmetric.isNull()) {
                symmetric.object(SYMMETRIC).getOrDefault("Aes", SeedNode.ABSENT).list()
                        .forEach(aes -> keys.add(aes(aes, account)));
            }
            SeedNode asymmetric = families.getOrDefault("Asymmetric", SeedNode.ABSENT);
            if (!asymmetric.isNull()) {
                Map<String, SeedNode> kinds = asymmetric.object(ASYMMETRIC);
                kinds.getOrDefault("Rsa", SeedNode.ABSENT).list().forEach(rsa -> keys.add(asymmetric(rsa, account, RSA_SPECS)));
                kinds.getOrDefault("Ecc", SeedNode.ABSENT).list().forEach(ecc -> keys.add(asymmetric(ecc, account, ECC_SPECS)));
            }
        }
        Map<KeyId, Builder> byId = new LinkedHashMap<>();
        keys.forEach(key -> byId.putIfAbsent(key.keyId, key));
        for (SeedNode alias : fields.getOrDefault("Aliases", SeedNode.ABSENT).list()) {
            Map<String, SeedNode> given = alias.object(ALIAS);
            SeedNode name = required(alias, given, "AliasName");
            SeedNode target = required(alias, given, "TargetKeyId");
            Builder key = byId.get(SeedValues.keyId(target));
            if (key == null) {
                throw new SeedFileException(target, "the alias's target " + target.text().trim() + " is no key of the"
                        + " seed file");
            }
            key.aliases.add(new SeedPlan.Alias(name.place(), name.text().trim()));
        }
        return new SeedPlan(keys.stream().map(Builder::build).toList());
    }

    private static Builder aes(SeedNode node, AccountId account) {
        Map<String, SeedNode> fields = node.object(AES_KEY);
        Builder key = metadata(node, fields, account);
        key.spec = KeySpec.SYMMETRIC_DEFAULT;
        key.usage = usage(key, KeyUsage.ENCRYPT_DECRYPT);
        List<SeedNode> backingKeys = fields.getOrDefault("BackingKeys", SeedNode.ABSENT).list();
        if (key.origin == KeyOrigin.EXTERNAL && backingKeys.size() > 1) {
            throw new SeedFileException(backingKeys.get(1), "an EXTERNAL key has at most one backing key (local-kms's"
                    + " rule)");
        }
        for (SeedNode backingKey : backingKeys) {
            key.materials.add(new SeedPlan.Material(backingKey.place(), SeedValues.hex(backingKey), null, null));
        }
        SeedNode next = fields.get("NextKeyRotation");
        if (next != null && !next.isNull()) {
            key.rotation = new SeedPlan.Rotation(next.place(), ROTATION_PERIOD_IN_DAYS, SeedValues.instant(next));
        }
        return key;
    }

    private static Builder asymmetric(SeedNode node, AccountId account, List<KeySpec> candidates) {
        Map<String, SeedNode> fields = node.object(ASYMMETRIC_KEY);
        Builder key = metadata(node, fields, account);
        SeedNode pem = required(node, fields, "PrivateKeyPem");
        SecretBytes pkcs8 = SeedValues.pem(pem);
        key.spec = candidates.stream().filter(spec -> takes(spec, pkcs8)).findFirst()
                .orElseThrow(() -> new SeedFileException(pem, "not a private key of one of the key specs " + candidates));
        if (key.usageNode == null) {
            throw new SeedFileException(node, "Metadata.KeyUsage is required for an asymmetric key: one of "
                    + key.spec.usages());
        }
        key.usage = SeedValues.keyUsage(key.usageNode);
        key.materials.add(new SeedPlan.Material(pem.place(), pkcs8, null, null));
        return key;
    }

    private static boolean takes(KeySpec spec, SecretBytes pkcs8) {
        Optional<KeyMaterial> material = KeyMaterialService.parseImported(spec, pkcs8);
        material.ifPresent(KeyMaterial::destroy);
        return material.isPresent();
    }

    private static KeyUsage usage(Builder key, KeyUsage only) {
        if (key.usageNode != null && SeedValues.keyUsage(key.usageNode) != only) {
            throw new SeedFileException(key.usageNode, "an AES key's usage is " + only);
        }
        return only;
    }

    private static Builder metadata(SeedNode node, Map<String, SeedNode> fields, AccountId account) {
        SeedNode metadataNode = required(node, fields, "Metadata");
        Map<String, SeedNode> metadata = metadataNode.object(METADATA);
        Builder key = new Builder(node.place(), account, SeedValues.keyId(required(metadataNode, metadata, "KeyId")));
        key.description = SeedValues.string(metadata.getOrDefault("Description", SeedNode.ABSENT));
        key.usageNode = metadata.get("KeyUsage");
        key.origin = metadata.containsKey("Origin") ? SeedValues.origin(metadata.get("Origin")) : KeyOrigin.AWS_KMS;
        if (metadata.containsKey("Enabled")) {
            key.enabled = SeedValues.bool(metadata.get("Enabled"));
        }
        SeedNode state = metadata.get("KeyState");
        if (state != null) {
            String text = state.text().trim();
            if (text.equals("Disabled")) {
                key.enabled = false;
            } else if (!text.equals("Enabled") && !text.equals("PendingImport")) {
                throw new SeedFileException(state, "a seeded key's state is Enabled, Disabled or PendingImport (an"
                        + " EXTERNAL key without backing key), not " + text);
            }
        }
        return key;
    }

    private static SeedNode required(SeedNode node, Map<String, SeedNode> fields, String name) {
        SeedNode value = fields.get(name);
        if (value == null || value.isNull()) {
            throw new SeedFileException(node, "the field " + name + " is required");
        }
        return value;
    }

    /** A key as local-kms's fields give it, collected before its aliases are known. */
    private static final class Builder {
        private final String place;
        private final AccountId account;
        private final KeyId keyId;
        private String description = "";
        private SeedNode usageNode;
        private KeyOrigin origin;
        private boolean enabled = true;
        private KeySpec spec;
        private KeyUsage usage;
        private final List<SeedPlan.Material> materials = new ArrayList<>();
        private SeedPlan.Rotation rotation;
        private final List<SeedPlan.Alias> aliases = new ArrayList<>();

        Builder(String place, AccountId account, KeyId keyId) {
            this.place = place;
            this.account = account;
            this.keyId = keyId;
        }

        SeedPlan.Key build() {
            return new SeedPlan.Key(place, account, REGION, keyId, spec, usage, origin, description, null, List.of(),
                    enabled, null, materials, null, rotation, aliases, List.of());
        }
    }
}
