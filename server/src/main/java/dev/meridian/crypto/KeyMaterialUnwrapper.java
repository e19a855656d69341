package dev.meridian.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opens key material that a client wrapped for import under the RSA public key of an import token
 * ({@link RsaWrappingKey}; SM2 is {@link Sm2Encryption}'s), with the JDK's own providers: RSA-OAEP
 * ({@code RSA/ECB/OAEPPadding}) and AES-KWP ({@code AES/KWP/NoPadding}, RFC 5649). Any failure
 * (wrong key, wrong algorithm, tampering, truncation) is one {@link AuthenticationFailedException} that says
 * nothing more. Thread-safe.
 */
final class KeyMaterialUnwrapper {
    private KeyMaterialUnwrapper() {
    }

    /** The material in the clear; throws {@link AuthenticationFailedException} when it does not open. */
    static SecretBytes unwrap(PrivateKey privateKey, int modulusBytes, WrappingAlgorithm algorithm,
            byte[] encrypted) {
        if (!algorithm.withAesKeyWrap()) {
            return oaepDecrypt(privateKey, algorithm, encrypted, 0, encrypted.length);
        }
        if (encrypted.length <= modulusBytes) {
            throw new AuthenticationFailedException();
        }
        SecretBytes aesKey = oaepDecrypt(privateKey, algorithm, encrypted, 0, modulusBytes);
        try {
            if (aesKey.length() != 16 && aesKey.length() != 24 && aesKey.length() != 32) {
                throw new AuthenticationFailedException();
            }
            Cipher cipher = Cipher.getInstance("AES/KWP/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey.unsafeBytes(), "AES"));
            return keptAndWiped(cipher.doFinal(encrypted, modulusBytes, encrypted.length - modulusBytes));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new AuthenticationFailedException();
        } finally {
            aesKey.destroy();
        }
    }

    private static SecretBytes oaepDecrypt(PrivateKey privateKey, WrappingAlgorithm algorithm, byte[] input,
            int offset, int length) {
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            MGF1ParameterSpec mgf = algorithm.hash().equals("SHA-1") ? MGF1ParameterSpec.SHA1 : MGF1ParameterSpec.SHA256;
            cipher.init(Cipher.DECRYPT_MODE, privateKey,
                    new OAEPParameterSpec(algorithm.hash(), "MGF1", mgf, PSource.PSpecified.DEFAULT));
            return keptAndWiped(cipher.doFinal(input, offset, length));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new AuthenticationFailedException();
        }
    }

    /** A secret copy of {@code clear}, which is wiped. */
    private static SecretBytes keptAndWiped(byte[] clear) {
        try {
            return SecretBytes.copyOf(clear);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }
}
