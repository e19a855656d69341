package dev.meridian.crypto;

import dev.meridian.model.KeySpec;
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
 * Import parameters: a fresh wrapping key pair per request (RSA, or SM2 in the China Regions), and an import
 * token that carries its private key, sealed under the root key, so that no server-side state is needed and
 * a restart keeps every token valid until it expires.
 *
 * <pre>
 * offset  length  field
 *   0       1     token format version: 0x01 RSA wrapping key, 0x02 SM2 wrapping key
 *   1       1     wrapping algorithm code ({@link WrappingAlgorithm}): an RSA one in version 1, SM2PKE in version 2
 *   2       2     wrapping key length in bytes, unsigned big-endian: the RSA modulus length; 32 for SM2
 *   4       8     expiry (ParametersValidTo), epoch milliseconds, big-endian
 *  12       n     RootKey.wrap(private key, AAD = "meridian/import-token/v" version "|" binding "|" bytes 0..11)
 * </pre>
 *
 * The private key is, in version 1, the RSA key as PKCS#8 DER; in version 2, the SM2 private scalar d, 32
 * bytes unsigned big-endian (the curve is always sm2p256v1). Version 1 is the format from before SM2,
 * unchanged: RSA tokens are still issued as version 1, so tokens of either age open on either server.
 *
 * <p>The binding names the key the token was issued for (its ARN), so a token shown with another key, or
 * with any byte changed (version, expiry, algorithm), does not open. The private key never leaves in the
 * clear.
 */
public final class ImportTokens {
    private static final byte RSA_FORMAT = 1;
    private static final byte SM2_FORMAT = 2;
    private static final int HEADER_LENGTH = 12;
    private static final String LABEL = "meridian/import-token/v";

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
    public record Opened(WrappingAlgorithm algorithm, Instant validTo, WrappingPrivateKey privateKey) {
        /**
         * The key material that the client wrapped under this token's public key; throws
         * {@link AuthenticationFailedException} when it does not open.
         */
        public SecretBytes unwrap(byte[] encrypted, KeySpec spec) {
            return privateKey.unwrap(algorithm, encrypted, spec);
        }

        @Override
        public String toString() {
            return "ImportToken[" + algorithm + ", valid to " + validTo + "]";
        }
    }

    /** A generated key pair, ready to seal: its format, size, public key and encoded private key. */
    private record Generated(byte format, int keyBytes, byte[] publicKey, SecretBytes privateKey) {
    }

    /**
     * Makes a key pair of {@code spec} and its token, bound to {@code binding}, valid to {@code validTo}.
     * {@code algorithm} must fit {@code spec} ({@link WrappingKeySpec#fits}).
     */
    public static Issued issue(RootKey rootKey, String binding, WrappingAlgorithm algorithm, WrappingKeySpec spec,
            Instant validTo) {
        if (!spec.fits(algorithm)) {
            throw new IllegalArgumentException(algorithm + " does not fit the wrapping key spec " + spec);
        }
        Generated generated = spec == WrappingKeySpec.SM2 ? sm2() : rsa(spec.bits());
        byte[] header = ByteBuffer.allocate(HEADER_LENGTH).put(generated.format()).put((byte) algorithm.code())
                .putShort((short) generated.keyBytes()).putLong(validTo.toEpochMilli()).array();
        byte[] sealed;
        try {
            sealed = rootKey.wrap(generated.privateKey(), associatedData(binding, header));
        } finally {
            generated.privateKey().destroy();
        }
        byte[] token = new byte[HEADER_LENGTH + sealed.length];
        System.arraycopy(header, 0, token, 0, HEADER_LENGTH);
        System.arraycopy(sealed, 0, token, HEADER_LENGTH, sealed.length);
        return new Issued(generated.publicKey(), token);
    }

    private static Generated rsa(int modulusBits) {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(modulusBits);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
        byte[] encodedPrivate = pair.getPrivate().getEncoded();
        try {
            return new Generated(RSA_FORMAT, modulusBits / 8, pair.getPublic().getEncoded(),
                    SecretBytes.copyOf(encodedPrivate));
        } finally {
            Arrays.fill(encodedPrivate, (byte) 0);
        }
    }

    private static Generated sm2() {
        Sm2Encryption.KeyPair pair = Sm2Encryption.generate();
        return new Generated(SM2_FORMAT, Sm2Encryption.FIELD_BYTES, pair.publicKeyInfo(), pair.privateScalar());
    }

    /**
     * Opens a token shown with the key named by {@code binding}; throws {@link AuthenticationFailedException}
     * when it was not issued by this server for that key, or was altered. Says nothing of expiry: the caller
     * compares {@link Opened#validTo()} with its clock.
     */
    public static Opened open(RootKey rootKey, String binding, byte[] token) {
        if (token.length <= HEADER_LENGTH || token[0] != RSA_FORMAT && token[0] != SM2_FORMAT) {
            throw new AuthenticationFailedException();
        }
        ByteBuffer header = ByteBuffer.wrap(token, 0, HEADER_LENGTH);
        byte format = header.get();
        WrappingAlgorithm algorithm = WrappingAlgorithm.ofCode(header.get());
        int keyBytes = Short.toUnsignedInt(header.getShort());
        Instant validTo = Instant.ofEpochMilli(header.getLong());
        if (algorithm == null || algorithm.isRsa() != (format == RSA_FORMAT)) {
            throw new AuthenticationFailedException();
        }
        byte[] sealed = Arrays.copyOfRange(token, HEADER_LENGTH, token.length);
        SecretBytes encoded = rootKey.unwrap(sealed,
                associatedData(binding, Arrays.copyOfRange(token, 0, HEADER_LENGTH)));
        if (format == SM2_FORMAT) {
            if (encoded.length() != Sm2Encryption.FIELD_BYTES || keyBytes != Sm2Encryption.FIELD_BYTES) {
                encoded.destroy();
                throw new AuthenticationFailedException();
            }
            return new Opened(algorithm, validTo, new Sm2WrappingKey(encoded));
        }
        try {
            PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(encoded.unsafeBytes()));
            return new Opened(algorithm, validTo, new RsaWrappingKey(privateKey, keyBytes));
        } catch (GeneralSecurityException e) {
            throw new AuthenticationFailedException();
        } finally {
            encoded.destroy();
        }
    }

    /** {@code LABEL} and the format version (so v1 tokens keep their AAD), the binding, then the header. */
    private static byte[] associatedData(String binding, byte[] header) {
        byte[] prefix = (LABEL + header[0] + "|" + binding + "|").getBytes(StandardCharsets.UTF_8);
        byte[] associated = Arrays.copyOf(prefix, prefix.length + header.length);
        System.arraycopy(header, 0, associated, prefix.length, header.length);
        return associated;
    }
}
