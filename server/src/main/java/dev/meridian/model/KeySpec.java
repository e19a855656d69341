package dev.meridian.model;

import java.util.List;

/** The key specs Meridian implements; the names are the wire's. */
public enum KeySpec {
    SYMMETRIC_DEFAULT(KeyUsage.ENCRYPT_DECRYPT, List.of("SYMMETRIC_DEFAULT"), List.of(), List.of()),
    HMAC_224(KeyUsage.GENERATE_VERIFY_MAC, List.of(), List.of("HMAC_SHA_224"), List.of()),
    HMAC_256(KeyUsage.GENERATE_VERIFY_MAC, List.of(), List.of("HMAC_SHA_256"), List.of()),
    HMAC_384(KeyUsage.GENERATE_VERIFY_MAC, List.of(), List.of("HMAC_SHA_384"), List.of()),
    HMAC_512(KeyUsage.GENERATE_VERIFY_MAC, List.of(), List.of("HMAC_SHA_512"), List.of()),
    ECC_NIST_P256(KeyUsage.SIGN_VERIFY, List.of(), List.of(), List.of("ECDSA_SHA_256")),
    ECC_NIST_P384(KeyUsage.SIGN_VERIFY, List.of(), List.of(), List.of("ECDSA_SHA_384")),
    ECC_NIST_P521(KeyUsage.SIGN_VERIFY, List.of(), List.of(), List.of("ECDSA_SHA_512")),
    ECC_SECG_P256K1(KeyUsage.SIGN_VERIFY, List.of(), List.of(), List.of("ECDSA_SHA_256")),
    ECC_NIST_EDWARDS25519(KeyUsage.SIGN_VERIFY, List.of(), List.of(),
            List.of("ED25519_SHA_512", "ED25519_PH_SHA_512")),
    // RSA keys for signing; RSA encryption keys (ENCRYPT_DECRYPT) are not supported yet.
    RSA_2048(KeyUsage.SIGN_VERIFY, List.of(), List.of(), Rsa.SIGNING_ALGORITHMS),
    RSA_3072(KeyUsage.SIGN_VERIFY, List.of(), List.of(), Rsa.SIGNING_ALGORITHMS),
    RSA_4096(KeyUsage.SIGN_VERIFY, List.of(), List.of(), Rsa.SIGNING_ALGORITHMS);

    /** Holder, since an enum constant cannot refer to a static field of its own enum. */
    private static final class Rsa {
        static final List<String> SIGNING_ALGORITHMS = List.of("RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384",
                "RSASSA_PKCS1_V1_5_SHA_512", "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512");
    }

    private final KeyUsage usage;
    private final List<String> encryptionAlgorithms;
    private final List<String> macAlgorithms;
    private final List<String> signingAlgorithms;

    KeySpec(KeyUsage usage, List<String> encryptionAlgorithms, List<String> macAlgorithms,
            List<String> signingAlgorithms) {
        this.usage = usage;
        this.encryptionAlgorithms = encryptionAlgorithms;
        this.macAlgorithms = macAlgorithms;
        this.signingAlgorithms = signingAlgorithms;
    }

    /** The one key usage a key of this spec can have. */
    public KeyUsage usage() {
        return usage;
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

    /** The {@code EncryptionAlgorithms} of a key of this spec (empty when it does not encrypt). */
    public List<String> encryptionAlgorithms() {
        return encryptionAlgorithms;
    }

    /** The {@code MacAlgorithms} of a key of this spec (empty unless it is an HMAC key). */
    public List<String> macAlgorithms() {
        return macAlgorithms;
    }

    /** The {@code SigningAlgorithms} of a key of this spec (empty unless it is a signing key). */
    public List<String> signingAlgorithms() {
        return signingAlgorithms;
    }
}
