package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.crypto.attestation.AttestationDocument;
import dev.meridian.crypto.attestation.AttestationDocumentVerifier;
import dev.meridian.crypto.attestation.InvalidAttestationDocumentException;
import dev.meridian.crypto.attestation.TestNitroPki;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.junit.jupiter.api.Test;

class RecipientSealerTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final TestNitroPki PKI = TestNitroPki.create(NOW);
    private static final AttestationDocumentVerifier VERIFIER = new AttestationDocumentVerifier(PKI.root());
    private static final KeyPair ENCLAVE = TestNitroPki.rsa(2048);
    /**
     * The keyEncryptionAlgorithm of a CiphertextForRecipient that AWS KMS sent, as the AWS Nitro Enclaves SDK
     * for C keeps it in tests/kmstool-enclaves/cms_test.c: rsaesOaep with SHA-256 and MGF1 with SHA-256.
     */
    private static final String AWS_KEY_ENCRYPTION_ALGORITHM = "303c06092a864886f70d010107302fa00f300d0609608648016503"
            + "0402010500a11c301a06092a864886f70d010108300d06096086480165030402010500";

    @Test
    void theEnclaveOpensWhatIsSealedToItsKey() throws Exception {
        byte[] secret = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        byte[] sealed = RecipientSealer.forDocument(document(ENCLAVE)).seal(SecretBytes.copyOf(secret));

        CMSEnvelopedData enveloped = new CMSEnvelopedData(sealed);
        assertThat(enveloped.getContentEncryptionAlgorithm().getAlgorithm()).isEqualTo(CMSAlgorithm.AES256_CBC);
        RecipientInformation recipient = enveloped.getRecipientInfos().getRecipients().iterator().next();
        assertThat(recipient.getContent(new JceKeyTransEnvelopedRecipient(ENCLAVE.getPrivate()))).isEqualTo(secret);
    }

    @Test
    void theEnvelopeHasTheFormOfAwsKmsAnswers() throws Exception {
        byte[] sealed = RecipientSealer.forDocument(document(ENCLAVE)).seal(SecretBytes.random(32));

        ContentInfo contentInfo = ContentInfo.getInstance(ASN1Sequence.getInstance(sealed));
        EnvelopedData envelopedData = EnvelopedData.getInstance(contentInfo.getContent());
        assertThat(envelopedData.getVersion().intValueExact()).isEqualTo(2);
        assertThat(envelopedData.getRecipientInfos().size()).isEqualTo(1);
        KeyTransRecipientInfo info = (KeyTransRecipientInfo) RecipientInfo.getInstance(
                envelopedData.getRecipientInfos().getObjectAt(0)).getInfo();
        assertThat(info.getVersion().intValueExact()).isEqualTo(2);
        assertThat(info.getRecipientIdentifier().getId()).isInstanceOf(org.bouncycastle.asn1.ASN1OctetString.class);
        byte[] identifier = ((org.bouncycastle.asn1.ASN1OctetString) info.getRecipientIdentifier().getId()).getOctets();
        assertThat(identifier).isEqualTo(MessageDigest.getInstance("SHA-256").digest(ENCLAVE.getPublic().getEncoded()));
        assertThat(HexFormat.of().formatHex(info.getKeyEncryptionAlgorithm().getEncoded())).isEqualTo(AWS_KEY_ENCRYPTION_ALGORITHM);
        assertThat(info.getEncryptedKey().getOctets()).hasSize(256);
        assertThat(envelopedData.getEncryptedContentInfo().getContentType().getId()).isEqualTo("1.2.840.113549.1.7.1");
        // AES-256-CBC of 32 bytes with PKCS #7 padding: 48 bytes, under a 16-byte IV.
        assertThat(envelopedData.getEncryptedContentInfo().getEncryptedContent().getOctets()).hasSize(48);
    }

    @Test
    void eachSealHasItsOwnContentKey() {
        RecipientSealer sealer = RecipientSealer.forDocument(document(ENCLAVE));
        SecretBytes secret = SecretBytes.random(16);
        assertThat(sealer.seal(secret)).isNotEqualTo(sealer.seal(secret));
    }

    @Test
    void aDocumentWithoutPublicKeyCannotBeSealedTo() {
        AttestationDocument document = VERIFIER.verify(PKI.document().build(), NOW);
        assertThatThrownBy(() -> RecipientSealer.forDocument(document))
                .isInstanceOf(InvalidAttestationDocumentException.class)
                .hasMessage("it has no public_key");
    }

    @Test
    void onlyRsaKeysOf2048To4096BitsAreTaken() {
        for (byte[] key : new byte[][] {TestNitroPki.p384().getPublic().getEncoded(), TestNitroPki.rsa(1024).getPublic().getEncoded(),
                new byte[] {1, 2, 3}}) {
            AttestationDocument document = VERIFIER.verify(PKI.document().publicKey(key).build(), NOW);
            assertThatThrownBy(() -> RecipientSealer.forDocument(document))
                    .hasMessage("its public_key is not an RSA key of 2048 to 4096 bits");
        }
        assertThat(RecipientSealer.forDocument(document(TestNitroPki.rsa(4096))).toString()).isEqualTo("RecipientSealer[RSA 4096 bits]");
    }

    @Test
    void anRsaKeyWithAnUnusableExponentIsRefused() throws Exception {
        java.math.BigInteger modulus = ((java.security.interfaces.RSAPublicKey) ENCLAVE.getPublic()).getModulus();
        // 1 would leave the wrapped key readable by anyone (the JDK refuses it when reading the key); 65536 is even.
        assertThatThrownBy(() -> RecipientSealer.forDocument(document(rsaPublicKey(modulus, java.math.BigInteger.ONE))))
                .hasMessage("its public_key is not an RSA key of 2048 to 4096 bits");
        assertThatThrownBy(() -> RecipientSealer.forDocument(document(rsaPublicKey(modulus, java.math.BigInteger.valueOf(65536)))))
                .hasMessage("its public_key has an unusable RSA exponent");
    }

    /** A DER SubjectPublicKeyInfo of any RSA modulus and exponent, as the JDK would refuse to make some. */
    private static byte[] rsaPublicKey(java.math.BigInteger modulus, java.math.BigInteger exponent) throws Exception {
        return new org.bouncycastle.asn1.x509.SubjectPublicKeyInfo(
                new org.bouncycastle.asn1.x509.AlgorithmIdentifier(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption,
                        org.bouncycastle.asn1.DERNull.INSTANCE),
                new org.bouncycastle.asn1.pkcs.RSAPublicKey(modulus, exponent)).getEncoded();
    }

    private static AttestationDocument document(byte[] publicKey) {
        return VERIFIER.verify(PKI.document().publicKey(publicKey).build(), NOW);
    }

    private static AttestationDocument document(KeyPair enclave) {
        return VERIFIER.verify(PKI.document().publicKey(enclave.getPublic().getEncoded()).build(), NOW);
    }
}
