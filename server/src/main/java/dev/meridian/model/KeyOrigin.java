package dev.meridian.model;

/** Where a key's material comes from, named as on the wire. */
public enum KeyOrigin {
    AWS_KMS,
    EXTERNAL,
    AWS_CLOUDHSM,
    EXTERNAL_KEY_STORE
}
