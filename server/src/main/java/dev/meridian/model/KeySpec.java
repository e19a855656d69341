package dev.meridian.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A key spec of the service model, with the key usages a key of the spec may have and, for each usage, the
 * algorithms its {@code KeyMetadata} lists (as AWS's "Choosing a KMS key type" table gives them). An RSA key
 * encrypts or signs, an ECC NIST key signs or agrees keys, and so on: the usage is chosen at creation and the
 * spec's algorithms for that usage are the key's.
 */
public enum KeySpec {
    SYMMETRIC_DEFAULT(Usages.of(KeyUsage.ENCRYPT_DECRYPT, "SYMMETRIC_DEFAULT")),
    HMAC_224(Usages.of(KeyUsage.GENERATE_VERIFY_MAC, "HMAC_SHA_224")),
    HMAC_256(Usages.of(KeyUsage.GENERATE_VERIFY_MAC, "HMAC_SHA_256")),
    HMAC_384(Usages.of(KeyUsage.GENERATE_VERIFY_MAC, "HMAC_SHA_384")),
    HMAC_512(Usages.of(KeyUsage.GENERATE_VERIFY_MAC, "HMAC_SHA_512")),
    ECC_NIST_P256(Usages.of(KeyUsage.SIGN_VERIFY, "ECDSA_SHA_256").and(KeyUsage.KEY_AGREEMENT, "ECDH")),
    ECC_NIST_P384(Usages.of(KeyUsage.SIGN_VERIFY, "ECDSA_SHA_384").and(KeyUsage.KEY_AGREEMENT, "ECDH")),
    ECC_NIST_P521(Usages.of(KeyUsage.SIGN_VERIFY, "ECDSA_SHA_512").and(KeyUsage.KEY_AGREEMENT, "ECDH")),
    ECC_SECG_P256K1(Usages.of(KeyUsage.SIGN_VERIFY, "ECDSA_SHA_256")),
    ECC_NIST_EDWARDS25519(Usages.of(KeyUsage.SIGN_VERIFY, "ED25519_SHA_512", "ED25519_PH_SHA_512")),
    ML_DSA_44(Usages.of(KeyUsage.SIGN_VERIFY, "ML_DSA_SHAKE_256")),
    ML_DSA_65(Usages.of(KeyUsage.SIGN_VERIFY, "ML_DSA_SHAKE_256")),
    ML_DSA_87(Usages.of(KeyUsage.SIGN_VERIFY, "ML_DSA_SHAKE_256")),
    /** China Regions only. */
    SM2(Usages.of(KeyUsage.ENCRYPT_DECRYPT, "SM2PKE").and(KeyUsage.SIGN_VERIFY, "SM2DSA")
            .and(KeyUsage.KEY_AGREEMENT, "ECDH")),
    RSA_2048(Usages.rsa()),
    RSA_3072(Usages.rsa()),
    RSA_4096(Usages.rsa());

    private final Map<KeyUsage, List<String>> algorithmsByUsage;

    KeySpec(Usages usages) {
        this.algorithmsByUsage = Collections.unmodifiableMap(usages.algorithms);
    }

    /** The key usages a key of this spec may have, in the model's order. */
    public Set<KeyUsage> usages() {
        return algorithmsByUsage.keySet();
    }

    /** Whether a key of this spec may have {@code usage}. */
    public boolean supports(KeyUsage usage) {
        return algorithmsByUsage.containsKey(usage);
    }

    /**
     * The algorithms of a key of this spec with {@code usage}: its {@code EncryptionAlgorithms},
     * {@code SigningAlgorithms}, {@code MacAlgorithms} or {@code KeyAgreementAlgorithms}, as the usage says;
     * empty when the spec does not support the usage.
     */
    public List<String> algorithms(KeyUsage usage) {
        return algorithmsByUsage.getOrDefault(Objects.requireNonNull(usage, "usage"), List.of());
    }

    /** Whether keys of this spec have a public key (every spec but the symmetric and HMAC ones). */
    public boolean isAsymmetric() {
        return this != SYMMETRIC_DEFAULT && !supports(KeyUsage.GENERATE_VERIFY_MAC);
    }

    /** The spec named {@code name} on the wire, or null when Meridian has no such spec. */
    public static KeySpec named(String name) {
        for (KeySpec spec : values()) {
            if (spec.name().equals(name)) {
                return spec;
            }
        }
        return null;
    }

    /** Builds a spec's usages; a holder, since an enum constant cannot refer to its enum's static fields. */
    private static final class Usages {
        private final EnumMap<KeyUsage, List<String>> algorithms = new EnumMap<>(KeyUsage.class);

        static Usages of(KeyUsage usage, String... algorithms) {
            return new Usages().and(usage, algorithms);
        }

        static Usages rsa() {
            return of(KeyUsage.ENCRYPT_DECRYPT, "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256")
                    .and(KeyUsage.SIGN_VERIFY, "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384",
                            "RSASSA_PKCS1_V1_5_SHA_512", "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384",
                            "RSASSA_PSS_SHA_512");
        }

        Usages and(KeyUsage usage, String... names) {
            algorithms.put(usage, List.of(names));
            return this;
        }
    }
}
