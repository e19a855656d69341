package dev.meridian.crypto;

import dev.meridian.model.KeySpec;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import javax.crypto.Cipher;
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

    /**
     * The material in the clear; throws {@link EncryptedKeySizeException} when {@code encrypted} has a
     * length its wrapping cannot give ({@link #isWrappedLength}), {@link AuthenticationFailedException} when
     * it does not open.
     */
    static SecretBytes unwrap(PrivateKey privateKey, int modulusBytes, WrappingAlgorithm algorithm,
            byte[] encrypted, KeySpec spec) {
        if (!isWrappedLength(modulusBytes, algorithm, encrypted.length, spec)) {
            throw new EncryptedKeySizeException();
        }
        if (!algorithm.withAesKeyWrap()) {
            return oaepDecrypt(privateKey, algorithm, encrypted, 0, encrypted.length);
        }
        SecretBytes aesKey = oaepDecrypt(privateKey, algorithm, encrypted, 0, modulusBytes);
        try {
            return aesKeyWrapUnwrap(aesKey, encrypted, modulusBytes, encrypted.length - modulusBytes);
        } finally {
            aesKey.destroy();
        }
    }

    /**
     * Whether {@code length} bytes can be key material wrapped with {@code algorithm} under a modulus of
     * {@code modulusBytes}: RSA-OAEP gives exactly the modulus length; {@code RSA_AES_KEY_WRAP_*} gives the
     * modulus length plus the AES-KWP wrap of the material (RFC 5649: the material padded to 8 bytes, plus 8),
     * for a material of a length a key of {@code spec} takes ({@link KeyMaterialService#takesLength}: for
     * symmetric keys 16 or 32 bytes, wrapped 24 or 40; for asymmetric keys any PKCS#8 length). Padding hides
     * the exact length, so a wrap is refused here only when no length it may hold fits.
     */
    static boolean isWrappedLength(int modulusBytes, WrappingAlgorithm algorithm, int length, KeySpec spec) {
        if (!algorithm.withAesKeyWrap()) {
            return length == modulusBytes;
        }
        int wrapped = length - modulusBytes;
        if (wrapped <= 8 || wrapped % 8 != 0) {
            return false;
        }
        int longest = wrapped - 8;
        int shortest = wrapped == 16 ? 1 : longest - 7;
        for (int material = shortest; material <= longest; material++) {
            if (KeyMaterialService.takesLength(spec, material)) {
                return true;
            }
        }
        return false;
    }

    /**
     * RSA-OAEP decryption of the attacker-supplied {@code input[offset, offset + length)}, with {@code algorithm}'s
     * hash for both OAEP and MGF1 and the empty label (as AWS KMS wraps). No length check of its own (that is
     * {@link #unwrap}'s): any input that does not decrypt, whatever its length or content, gives
     * {@link AuthenticationFailedException} and nothing else. Package-private, below {@link #unwrap}, so that
     * {@code RsaOaepWycheproofTest} can run the Wycheproof vectors through it.
     */
    static SecretBytes oaepDecrypt(PrivateKey privateKey, WrappingAlgorithm algorithm, byte[] input,
            int offset, int length) {
        return RsaOaep.decrypt(privateKey, algorithm.hash(), input, offset, length);
    }

    /**
     * AES Key Wrap with Padding (RFC 5649) unwrapping of the attacker-supplied {@code input[offset, offset +
     * length)} under {@code aesKey}. No length check of its own (that is {@link #unwrap}'s): a key that is not
     * 16, 24 or 32 bytes, an input of a length no wrap has, a wrong integrity check or padding all give
     * {@link AuthenticationFailedException} and nothing else. Package-private, below {@link #unwrap}, so that
     * {@code AesKeyWrapWycheproofTest} can run the Wycheproof vectors through it.
     */
    static SecretBytes aesKeyWrapUnwrap(SecretBytes aesKey, byte[] input, int offset, int length) {
        if (aesKey.length() != 16 && aesKey.length() != 24 && aesKey.length() != 32) {
            throw new AuthenticationFailedException();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/KWP/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey.unsafeBytes(), "AES"));
            return SecretBytes.wipingSource(cipher.doFinal(input, offset, length));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new AuthenticationFailedException();
        }
    }

    /** A secret copy of {@code clear}, which is wiped. */
}
