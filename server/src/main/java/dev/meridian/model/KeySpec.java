package dev.meridian.model;

import java.util.List;

/** The key specs Meridian implements; the names are the wire's. */
public enum KeySpec {
    SYMMETRIC_DEFAULT(KeyUsage.ENCRYPT_DECRYPT, List.of("SYMMETRIC_DEFAULT"));

    private final KeyUsage defaultUsage;
    private final List<String> encryptionAlgorithms;

    KeySpec(KeyUsage defaultUsage, List<String> encryptionAlgorithms) {
        this.defaultUsage = defaultUsage;
        this.encryptionAlgorithms = encryptionAlgorithms;
    }

    public KeyUsage defaultUsage() {
        return defaultUsage;
    }

    public List<String> encryptionAlgorithms() {
        return encryptionAlgorithms;
    }
}
