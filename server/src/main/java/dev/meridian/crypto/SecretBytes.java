package dev.meridian.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Secret bytes (key material, a data key, a root key) in a type that cannot leak by accident: no
 * {@code toString} of the content, no {@code equals} that a timing attack could read, copies in and out.
 *
 * <p>The content never changes, except that {@link #destroy()} wipes it; reads are thread-safe as long as
 * nobody destroys the object meanwhile. So only the owner destroys, and only when nobody else can still
 * hold it: a secret made for one request (a plaintext, a data key, material being imported or rotated in)
 * is owned by the operation that made it, which wipes it in a {@code finally}. Material unwrapped for a
 * key's cache ({@code core.KeyEntry}) is shared by concurrent requests and is never destroyed: it is
 * dropped with the last entry that refers to it and left to the garbage collector. The root key is owned
 * by its provider.
 */
public final class SecretBytes {
    private final byte[] bytes;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Fresh random bytes from the system's strong source. */
    public static SecretBytes random(int length) {
        byte[] bytes = new byte[length];
        Randomness.fill(bytes);
        return new SecretBytes(bytes);
    }

    /** A copy of {@code bytes}; the caller may wipe its array afterwards. */
    public static SecretBytes copyOf(byte[] bytes) {
        return new SecretBytes(bytes.clone());
    }

    /**
     * Takes {@code clear}, a secret a cipher or parser just made: the result holds a copy and {@code clear} is
     * wiped, so no other copy stays in memory.
     */
    public static SecretBytes wipingSource(byte[] clear) {
        try {
            return new SecretBytes(clear.clone());
        } finally {
            java.util.Arrays.fill(clear, (byte) 0);
        }
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the secret; the caller owns it and should wipe it when done. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** Compares in time that depends only on the lengths. */
    public boolean equalsConstantTime(SecretBytes other) {
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    /** Package access for the algorithms, without a copy. Never hand the array out. */
    byte[] unsafeBytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecretBytes that && equalsConstantTime(that);
    }

    @Override
    public int hashCode() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes, redacted]";
    }

    /** Overwrites the secret; the object must not be used afterwards. */
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
    }
}
