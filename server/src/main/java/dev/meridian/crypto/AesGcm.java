package dev.meridian.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM with a 12-byte IV and a 16-byte tag, from the JDK provider. Thread-safe: each thread keeps its own
 * {@link Cipher} (looking one up costs more than a small encryption); every call initializes it afresh.
 */
final class AesGcm {
    static final int IV_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    });

    private AesGcm() {
    }

    static byte[] seal(byte[] key, byte[] iv, byte[] plaintext, byte[] associatedData) {
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, iv));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Opens {@code input[ciphertextOffset..]} (tag last); throws {@link AuthenticationFailedException} on any mismatch. */
    static byte[] open(byte[] key, byte[] input, int ivOffset, int ciphertextOffset, int ciphertextLength,
            byte[] associatedData) {
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_LENGTH * 8, input, ivOffset, IV_LENGTH));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(input, ciphertextOffset, ciphertextLength);
        } catch (GeneralSecurityException e) {
            throw new AuthenticationFailedException();
        }
    }
}
