package dev.meridian.crypto;

/**
 * What the {@code Message} of Sign and Verify is, named as on the wire: the message itself ({@code RAW}), the
 * digest the signing algorithm's hash made of it ({@code DIGEST}), or ML-DSA's message representative μ that
 * the caller computed ({@code EXTERNAL_MU}).
 */
public enum MessageType {
    RAW,
    DIGEST,
    EXTERNAL_MU
}
