package dev.meridian.crypto;

/**
 * The JDK's cryptography that every start uses, loaded ahead: the first AES-GCM cipher and the first DRBG of a JVM
 * initialize the JCE's provider framework (about 20 ms of CPU), which a start otherwise pays on its critical path
 * when it wraps the root key's check value. Nothing of this is kept or reused; no secret is involved.
 */
public final class JdkProviders {
    private JdkProviders() {
    }

    /** Runs one AES-GCM encryption under an all-zero key and draws one random byte, on the calling thread. */
    public static void load() {
        AesGcm.seal(new byte[32], new byte[AesGcm.IV_LENGTH], new byte[0], new byte[0]);
        Randomness.fill(new byte[1]);
    }
}
