package dev.meridian.model;

/** What a key may be used for, named as on the wire. */
public enum KeyUsage {
    ENCRYPT_DECRYPT,
    SIGN_VERIFY,
    GENERATE_VERIFY_MAC,
    KEY_AGREEMENT
}
