package dev.meridian.crypto;

import dev.meridian.model.KeyReference;
import dev.meridian.model.KeySpec;
import dev.meridian.model.Partition;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that knows how each key spec's material is made and kept: generated for a spec and
 * partition, wrapped under the root key with the record's {@link MaterialBinding}, unwrapped into the spec's
 * {@link KeyMaterial} type, identified by its {@link KeyMaterialIds KeyMaterialId}, and parsed from imported
 * bytes. Adding a key spec adds a case here and a {@link KeyMaterial} implementation; the core's operations
 * only pass the key's spec along. Stateless and thread-safe.
 */
public final class KeyMaterialService {
    private KeyMaterialService() {
    }

    /** Fresh random material for a new key (or a rotation) of {@code spec} in {@code partition}. */
    public static KeyMaterial generate(KeySpec spec, Partition partition) {
        return switch (Objects.requireNonNull(spec, "spec")) {
            case SYMMETRIC_DEFAULT -> new SymmetricKeyMaterial(SymmetricMaterial.generate(partition));
            case HMAC_224, HMAC_256, HMAC_384, HMAC_512 -> HmacKeyMaterial.generate(spec);
            case ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1 -> EcKeyMaterial.generate(spec);
            case RSA_2048, RSA_3072, RSA_4096 -> RsaKeyMaterial.generate(spec);
            case ECC_NIST_EDWARDS25519 -> Ed25519KeyMaterial.generate();
            case ML_DSA_44, ML_DSA_65, ML_DSA_87 -> MlDsaKeyMaterial.generate(spec);
            case SM2 -> Sm2KeyMaterial.generate();
        };
    }

    /**
     * Whether AWS offers keys of {@code spec} in {@code partition}: {@code SM2} only in {@code aws-cn}, every other
     * spec everywhere. CreateKey refuses the others, and {@link KeyMaterial#fitsPartition} follows it.
     */
    public static boolean offeredIn(KeySpec spec, Partition partition) {
        return spec != KeySpec.SM2 || partition == Partition.AWS_CN;
    }

    /** The material wrapped under {@code rootKey}, bound to {@code key} and {@code version}. */
    public static byte[] wrap(RootKey rootKey, KeyMaterial material, KeyReference key, int version) {
        return rootKey.wrap(secret(material), MaterialBinding.associatedData(key, version));
    }

    /**
     * The material {@link #wrap} wrapped for {@code key} and {@code version}, as {@code spec}'s type. Throws
     * {@link AuthenticationFailedException} when the blob was not wrapped with that binding, and
     * {@link IllegalArgumentException} when its content is no material of {@code spec}.
     */
    public static KeyMaterial unwrap(RootKey rootKey, KeySpec spec, byte[] wrapped, KeyReference key, int version) {
        Objects.requireNonNull(spec, "spec");
        SecretBytes secret = rootKey.unwrap(wrapped, MaterialBinding.associatedData(key, version));
        try {
            return of(spec, secret);
        } catch (RuntimeException e) {
            secret.destroy();
            throw e;
        }
    }

    /** The {@code KeyMaterialId} of {@code material}: the same for the same material in every Region and import. */
    public static String keyMaterialId(KeyMaterial material) {
        return KeyMaterialIds.of(secret(material));
    }

    /**
     * Imported bytes as material of {@code spec} (a copy; the caller still owns {@code imported}), or empty
     * when no key of that spec, in any partition, takes them. Whether the key's own partition takes them is
     * {@link KeyMaterial#fitsPartition}.
     */
    public static Optional<KeyMaterial> parseImported(KeySpec spec, SecretBytes imported) {
        return switch (Objects.requireNonNull(spec, "spec")) {
            case SYMMETRIC_DEFAULT -> SymmetricMaterial.isLengthOfSomePartition(imported.length())
                    ? Optional.of(new SymmetricKeyMaterial(SecretBytes.copyOf(imported.unsafeBytes())))
                    : Optional.empty();
            case HMAC_224, HMAC_256, HMAC_384, HMAC_512 -> HmacKeyMaterial.fitsLength(spec, imported.length())
                    ? Optional.of(new HmacKeyMaterial(spec, SecretBytes.copyOf(imported.unsafeBytes())))
                    : Optional.empty();
            // A PKCS#8 private key of the spec, re-encoded canonically: the same key gives the same ID however sent.
            case ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1, ECC_NIST_EDWARDS25519, RSA_2048,
                    RSA_3072, RSA_4096, SM2, ML_DSA_44, ML_DSA_65, ML_DSA_87 -> ImportedPrivateKeys.canonical(spec, imported)
                    .flatMap(secret -> materialOrEmpty(spec, secret));
        };
    }

    /**
     * Whether imported material of {@code length} bytes can be material of {@code spec}, before it is unwrapped
     * (wrapped material of a length no key of the spec takes is refused for its size): the key lengths of some
     * partition for symmetric keys, the spec's range for HMAC keys; any length for the PKCS#8 private keys of
     * asymmetric keys, which only parsing judges.
     */
    public static boolean takesLength(KeySpec spec, int length) {
        if (spec.isAsymmetric()) {
            return length > 0;
        }
        return spec == KeySpec.SYMMETRIC_DEFAULT ? SymmetricMaterial.isLengthOfSomePartition(length)
                : HmacKeyMaterial.fitsLength(spec, length);
    }

    /** {@code secret} as material of {@code spec}, or empty (and {@code secret} destroyed) when it is none. */
    private static Optional<KeyMaterial> materialOrEmpty(KeySpec spec, SecretBytes secret) {
        try {
            return Optional.of(of(spec, secret));
        } catch (RuntimeException e) {
            secret.destroy();
            return Optional.empty();
        }
    }

    private static KeyMaterial of(KeySpec spec, SecretBytes secret) {
        return switch (spec) {
            case SYMMETRIC_DEFAULT -> new SymmetricKeyMaterial(secret);
            case HMAC_224, HMAC_256, HMAC_384, HMAC_512 -> new HmacKeyMaterial(spec, secret);
            case ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1 -> new EcKeyMaterial(spec, secret);
            case RSA_2048, RSA_3072, RSA_4096 -> new RsaKeyMaterial(spec, secret);
            case ECC_NIST_EDWARDS25519 -> new Ed25519KeyMaterial(secret);
            case ML_DSA_44, ML_DSA_65, ML_DSA_87 -> new MlDsaKeyMaterial(spec, secret);
            case SM2 -> new Sm2KeyMaterial(secret);
        };
    }

    private static SecretBytes secret(KeyMaterial material) {
        if (material instanceof SecretKeyMaterial held) {
            return held.secret();
        }
        throw new IllegalArgumentException("Unknown key material type");
    }
}
