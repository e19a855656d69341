package dev.meridian.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-GCM with a 12-byte IV and a 16-byte tag, from the JDK provider. Stateless and thread-safe. */
final class AesGcm {
    static final int IV_LENGTH = 12;
    static final int TAG_LENGTH = 16;

    private AesGcm() {
    }

    static byte[] seal(byte[] key, byte[] iv, byte[] plaintext, byte[] associatedData) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, iv));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Opens into {@code output} at {@code outputOffset}; throws {@link AuthenticationFailedException} on any mismatch. */
    static byte[] open(byte[] key, byte[] input, int ivOffset, int ciphertextOffset, int ciphertextLength,
            byte[] associatedData) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_LENGTH * 8, input, ivOffset, IV_LENGTH));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(input, ciphertextOffset, ciphertextLength);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new AuthenticationFailedException();
        } catch (GeneralSecurityException e) {
            throw new AuthenticationFailedException();
        }
    }
}
