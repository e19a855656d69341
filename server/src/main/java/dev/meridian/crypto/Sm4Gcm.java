package dev.meridian.crypto;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * SM4 in GCM mode (GB/T 32907 block cipher, 128-bit key, 12-byte IV, 16-byte tag) and HKDF over HMAC-SM3,
 * from BouncyCastle's lightweight API, for the China Regions' symmetric keys: only the Chinese national
 * algorithms touch the key material there. The same contract as {@link AesGcm}. Thread-safe: each call
 * makes its own cipher.
 */
final class Sm4Gcm {
    static final int KEY_LENGTH = 16;

    private Sm4Gcm() {
    }

    /** HKDF (RFC 5869) with HMAC-SM3, giving {@code length} bytes. */
    static byte[] deriveKey(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SM3Digest());
        generator.init(new HKDFParameters(inputKeyMaterial, salt, info));
        byte[] output = new byte[length];
        generator.generateBytes(output, 0, length);
        return output;
    }

    static byte[] seal(byte[] key, byte[] iv, byte[] plaintext, byte[] associatedData) {
        GCMModeCipher cipher = cipher(true, key, iv, associatedData);
        byte[] output = new byte[cipher.getOutputSize(plaintext.length)];
        int written = cipher.processBytes(plaintext, 0, plaintext.length, output, 0);
        try {
            cipher.doFinal(output, written);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("SM4-GCM failed to encrypt", e);
        }
        return output;
    }

    /** Opens {@code input[ciphertextOffset..]} (tag last); throws {@link AuthenticationFailedException} on any mismatch. */
    static byte[] open(byte[] key, byte[] input, int ivOffset, int ciphertextOffset, int ciphertextLength,
            byte[] associatedData) {
        if (ciphertextLength < AesGcm.TAG_LENGTH) {
            throw new AuthenticationFailedException();
        }
        byte[] iv = java.util.Arrays.copyOfRange(input, ivOffset, ivOffset + AesGcm.IV_LENGTH);
        GCMModeCipher cipher = cipher(false, key, iv, associatedData);
        byte[] output = new byte[cipher.getOutputSize(ciphertextLength)];
        int written = cipher.processBytes(input, ciphertextOffset, ciphertextLength, output, 0);
        try {
            cipher.doFinal(output, written);
        } catch (InvalidCipherTextException e) {
            java.util.Arrays.fill(output, (byte) 0);
            throw new AuthenticationFailedException();
        }
        return output;
    }

    private static GCMModeCipher cipher(boolean encrypt, byte[] key, byte[] iv, byte[] associatedData) {
        GCMModeCipher cipher = GCMBlockCipher.newInstance(new SM4Engine(), new BasicGCMMultiplier());
        cipher.init(encrypt, new AEADParameters(new KeyParameter(key), AesGcm.TAG_LENGTH * 8, iv, associatedData));
        return cipher;
    }
}
