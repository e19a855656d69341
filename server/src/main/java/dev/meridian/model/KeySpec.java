package dev.meridian.model;

import java.util.List;

/** The key specs Meridian implements; the names are the wire's. */
public enum KeySpec {
    SYMMETRIC_DEFAULT(KeyUsage.ENCRYPT_DECRYPT, List.of("SYMMETRIC_DEFAULT"), List.of()),
    HMAC_224(KeyUsage.GENERATE_VERIFY_MAC, List.of(), List.of("HMAC_SHA_224")),
    HMAC_256(KeyUsage.GENERATE_VERIFY_MAC, List.of(), List.of("HMAC_SHA_256")),
    HMAC_384(KeyUsage.GENERATE_VERIFY_MAC, List.of(), List.of("HMAC_SHA_384")),
    HMAC_512(KeyUsage.GENERATE_VERIFY_MAC, List.of(), List.of("HMAC_SHA_512"));

    private final KeyUsage usage;
    private final List<String> encryptionAlgorithms;
    private final List<String> macAlgorithms;

    KeySpec(KeyUsage usage, List<String> encryptionAlgorithms, List<String> macAlgorithms) {
        this.usage = usage;
        this.encryptionAlgorithms = encryptionAlgorithms;
        this.macAlgorithms = macAlgorithms;
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
}
