package dev.meridian.crypto;

/**
 * The private key of an asymmetric key (RSA, ECC, Ed25519, ...), whatever its usage: it gives its public key.
 * What it does besides depends on the key's usage and is one of the sub-interfaces: {@link SigningKeyMaterial}
 * ({@code SIGN_VERIFY}), {@link DecryptionKeyMaterial} ({@code ENCRYPT_DECRYPT}), {@link AgreementKeyMaterial}
 * ({@code KEY_AGREEMENT}). A spec with several usages (an RSA key signs or decrypts) has one class that
 * implements each of them; the core picks the one the key's usage allows. The rules of {@link KeyMaterial} apply.
 */
public sealed interface AsymmetricKeyMaterial extends KeyMaterial permits SigningKeyMaterial, DecryptionKeyMaterial,
        AgreementKeyMaterial {

    @Override
    default AsymmetricKeyMaterial asymmetric() {
        return this;
    }

    /**
     * The public key as DER SubjectPublicKeyInfo (named curves for ECC keys), as GetPublicKey returns it; a
     * copy. The same bytes for the same material in every Region.
     */
    byte[] publicKeyInfo();

    /**
     * The private key as PKCS#8 DER (as GenerateDataKeyPair returns it and ImportKeyMaterial takes it); a copy
     * that the caller owns and destroys.
     */
    SecretBytes privateKeyInfo();
}
