package dev.meridian.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;

/**
 * Import parameters: a fresh RSA wrapping key pair per request, and an import token that carries its
 * private key, sealed under the root key, so that no server-side state is needed and a restart keeps every
 * token valid until it expires.
 *
 * <pre>
 * offset  length  field
 *   0       1     token format version, 0x01
 *   1       1     wrapping algorithm code ({@link WrappingAlgorithm})
 *   2       2     RSA modulus length in bytes, unsigned big-endian
 *   4       8     expiry (ParametersValidTo), epoch milliseconds, big-endian
 *  12       n     RootKey.wrap(PKCS#8 private key, AAD = "meridian/import-token/v1|" binding "|" bytes 0..11)
 * </pre>
 *
 * The binding names the key the token was issued for (its ARN), so a token shown with another key, or with
 * any byte changed (expiry, algorithm), does not open. The private key never leaves in the clear.
 */
public final class ImportTokens {
    private static final byte FORMAT_VERSION = 1;
    private static final int HEADER_LENGTH = 12;
    private static final String LABEL = "meridian/import-token/v1|";

    private ImportTokens() {
    }

    /** The public key (DER SubjectPublicKeyInfo) to give the client, and the token that goes with it. */
    public record Issued(byte[] publicKey, byte[] token) {
        public Issued {
            publicKey = publicKey.clone();
            token = token.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public byte[] token() {
            return token.clone();
        }
    }

    /** What an authentic token holds. {@code privateKey} must not outlive the request that opened it. */
    public record Opened(WrappingAlgorithm algorithm, int modulusBytes, Instant validTo, PrivateKey privateKey) {
        @Override
        public String toString() {
            return "ImportToken[" + algorithm + ", " + modulusBytes * 8 + " bits, valid to " + validTo + "]";
        }
    }

    /** Makes an RSA key pair of {@code modulusBits} and its token, bound to {@code binding}, valid to {@code validTo}. */
    public static Issued issue(RootKey rootKey, String binding, WrappingAlgorithm algorithm, int modulusBits,
            Instant validTo) {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(modulusBits);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
        byte[] header = ByteBuffer.allocate(HEADER_LENGTH).put(FORMAT_VERSION).put((byte) algorithm.code())
                .putShort((short) (modulusBits / 8)).putLong(validTo.toEpochMilli()).array();
        byte[] encodedPrivate = pair.getPrivate().getEncoded();
        SecretBytes privateKey = SecretBytes.copyOf(encodedPrivate);
        Arrays.fill(encodedPrivate, (byte) 0);
        byte[] sealed;
        try {
            sealed = rootKey.wrap(privateKey, associatedData(binding, header));
        } finally {
            privateKey.destroy();
        }
        byte[] token = new byte[HEADER_LENGTH + sealed.length];
        System.arraycopy(header, 0, token, 0, HEADER_LENGTH);
        System.arraycopy(sealed, 0, token, HEADER_LENGTH, sealed.length);
        return new Issued(pair.getPublic().getEncoded(), token);
    }

    /**
     * Opens a token shown with the key named by {@code binding}; throws {@link AuthenticationFailedException}
     * when it was not issued by this server for that key, or was altered. Says nothing of expiry: the caller
     * compares {@link Opened#validTo()} with its clock.
     */
    public static Opened open(RootKey rootKey, String binding, byte[] token) {
        if (token.length <= HEADER_LENGTH || token[0] != FORMAT_VERSION) {
            throw new AuthenticationFailedException();
        }
        ByteBuffer header = ByteBuffer.wrap(token, 0, HEADER_LENGTH);
        header.get();
        WrappingAlgorithm algorithm = WrappingAlgorithm.ofCode(header.get());
        int modulusBytes = Short.toUnsignedInt(header.getShort());
        Instant validTo = Instant.ofEpochMilli(header.getLong());
        if (algorithm == null) {
            throw new AuthenticationFailedException();
        }
        byte[] sealed = Arrays.copyOfRange(token, HEADER_LENGTH, token.length);
        SecretBytes encoded = rootKey.unwrap(sealed,
                associatedData(binding, Arrays.copyOfRange(token, 0, HEADER_LENGTH)));
        try {
            PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(encoded.unsafeBytes()));
            return new Opened(algorithm, modulusBytes, validTo, privateKey);
        } catch (GeneralSecurityException e) {
            throw new AuthenticationFailedException();
        } finally {
            encoded.destroy();
        }
    }

    private static byte[] associatedData(String binding, byte[] header) {
        byte[] prefix = (LABEL + binding + "|").getBytes(StandardCharsets.UTF_8);
        byte[] associated = Arrays.copyOf(prefix, prefix.length + header.length);
        System.arraycopy(header, 0, associated, prefix.length, header.length);
        return associated;
    }
}
