package dev.meridian.crypto;

import java.nio.charset.StandardCharsets;

/**
 * How a store tells whether a root key is the one its key material was wrapped with, without holding the key: its
 * check value is a fixed label ({@value #LABEL}) wrapped under the root key (bound to the same label as associated
 * data). The value reveals nothing of the key (it is a {@link RootKey#wrap}), works for any {@link RootKey}, and
 * only the key that made it opens it. Stateless.
 */
public final class RootKeyCheck {
    /** The label wrapped; a new format of check value gets a new version. */
    public static final String LABEL = "meridian/root-key-check/v1";
    private static final byte[] LABEL_BYTES = LABEL.getBytes(StandardCharsets.US_ASCII);

    private RootKeyCheck() {
    }

    /** A fresh check value of {@code rootKey} (each call wraps anew, under a new IV; every one verifies). */
    public static byte[] of(RootKey rootKey) {
        SecretBytes label = SecretBytes.copyOf(LABEL_BYTES);
        try {
            return rootKey.wrap(label, LABEL_BYTES);
        } finally {
            label.destroy();
        }
    }

    /**
     * Whether {@code check} was made by {@link #of} with this root key: it opens under the key and holds the label
     * (compared in constant time). Any other value, or another key, is false; never throws for a bad value.
     */
    public static boolean verifies(RootKey rootKey, byte[] check) {
        SecretBytes opened;
        try {
            opened = rootKey.unwrap(check, LABEL_BYTES);
        } catch (AuthenticationFailedException | IllegalArgumentException e) {
            return false;
        }
        SecretBytes label = SecretBytes.copyOf(LABEL_BYTES);
        try {
            return opened.equalsConstantTime(label);
        } finally {
            opened.destroy();
            label.destroy();
        }
    }
}
