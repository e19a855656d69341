package dev.meridian.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * RSAES-OAEP (RFC 8017, 7.1) as AWS KMS uses it, for both places that decrypt attacker-supplied RSA ciphertexts:
 * the import of wrapped key material and Decrypt with an RSA encryption key. The hash is SHA-1 or SHA-256, MGF1
 * uses the same hash, the label is empty. Stateless.
 */
final class RsaOaep {
    private RsaOaep() {
    }

    /** The OAEP parameters of {@code hash} ({@code SHA-1} or {@code SHA-256}): MGF1 of the same hash, empty label. */
    static OAEPParameterSpec parameters(String hash) {
        MGF1ParameterSpec mgf = switch (hash) {
            case "SHA-1" -> MGF1ParameterSpec.SHA1;
            case "SHA-256" -> MGF1ParameterSpec.SHA256;
            default -> throw new IllegalArgumentException("Not an OAEP hash of AWS KMS: " + hash);
        };
        return new OAEPParameterSpec(hash, "MGF1", mgf, PSource.PSpecified.DEFAULT);
    }

    /**
     * The plaintext of {@code input[offset, offset + length)}; a wrong length, a value not below the modulus or a
     * padding that does not check gives {@link AuthenticationFailedException}, the same for every cause.
     */
    static SecretBytes decrypt(PrivateKey privateKey, String hash, byte[] input, int offset, int length) {
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.DECRYPT_MODE, privateKey, parameters(hash));
            return SecretBytes.wipingSource(cipher.doFinal(input, offset, length));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new AuthenticationFailedException();
        }
    }
}
