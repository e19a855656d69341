package dev.meridian.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Cryptographically strong random bytes without a shared lock on the hot path: each thread has its own
 * NIST SP 800-90A DRBG, seeded by the JDK from the system's entropy source.
 */
final class Randomness {
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(() -> {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    });

    private Randomness() {
    }

    static void fill(byte[] bytes) {
        RANDOM.get().nextBytes(bytes);
    }

    /** This thread's generator, for an algorithm that draws its own randomness (key generation). */
    static SecureRandom generator() {
        return RANDOM.get();
    }
}
