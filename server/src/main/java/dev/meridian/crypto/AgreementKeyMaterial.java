package dev.meridian.crypto;

/**
 * The private key of a key agreement key ({@code KEY_AGREEMENT}: ECC NIST curves, SM2) for DeriveSharedSecret.
 * The rules of {@link KeyMaterial} apply.
 */
public sealed interface AgreementKeyMaterial extends AsymmetricKeyMaterial permits EcKeyMaterial, Sm2KeyMaterial {

    @Override
    default AgreementKeyMaterial agreement() {
        return this;
    }

    /**
     * The raw ECDH shared secret (the x coordinate of the shared point, of the curve's field size) between this
     * private key and {@code peerPublicKeyInfo} (DER SubjectPublicKeyInfo); throws
     * {@link IllegalArgumentException} when the peer's key is malformed, on another curve, or not on the curve.
     */
    SecretBytes deriveSharedSecret(byte[] peerPublicKeyInfo);
}
