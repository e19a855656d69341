package dev.meridian.crypto.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttestationDocumentVerifierTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final TestNitroPki PKI = TestNitroPki.create(NOW);
    private static final AttestationDocumentVerifier VERIFIER = new AttestationDocumentVerifier(PKI.root());
    private static final byte[] PUBLIC_KEY = TestNitroPki.rsa(2048).getPublic().getEncoded();

    @Test
    void aValidDocumentGivesItsFields() {
        AttestationDocument document = VERIFIER.verify(PKI.document().publicKey(PUBLIC_KEY)
                .field("user_data", new byte[] {1, 2}).build(), NOW);
        assertThat(document.moduleId()).isEqualTo("i-0123456789abcdef0-enc0123456789abcdef");
        assertThat(document.digest()).isEqualTo("SHA384");
        assertThat(document.timestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(document.pcrIndexes()).hasSize(16).startsWith(0, 1, 2);
        assertThat(document.pcrHex(1)).contains("01" + "00".repeat(47));
        assertThat(document.pcr(31)).isEmpty();
        assertThat(document.publicKey()).hasValueSatisfying(key -> assertThat(key).isEqualTo(PUBLIC_KEY));
        assertThat(document.userData()).hasValueSatisfying(data -> assertThat(data).containsExactly(1, 2));
        assertThat(document.nonce()).isEmpty();
        assertThat(document.toString()).isEqualTo("AttestationDocument[i-0123456789abcdef0-enc0123456789abcdef]");
    }

    @Test
    void theCoseTagIsOptionalAndOptionalFieldsMayBeAbsent() {
        AttestationDocument document = VERIFIER.verify(PKI.document().untagged().without("public_key")
                .without("user_data").without("nonce").build(), NOW);
        assertThat(document.publicKey()).isEmpty();
    }

    @Test
    void theArraysOfADocumentAreCopies() {
        AttestationDocument document = VERIFIER.verify(PKI.document().publicKey(PUBLIC_KEY).build(), NOW);
        document.publicKey().orElseThrow()[0] ^= 1;
        document.pcr(0).orElseThrow()[0] ^= 1;
        assertThat(document.publicKey()).hasValueSatisfying(key -> assertThat(key).isEqualTo(PUBLIC_KEY));
        assertThat(document.pcrHex(0)).contains("00".repeat(48));
    }

    @Test
    void aBadSignatureIsRefused() {
        refused(PKI.document().corruptSignature().build(), "its signature does not verify");
        refused(PKI.document().signedWith(TestNitroPki.p384().getPrivate()).build(), "its signature does not verify");
    }

    @Test
    void anAlteredPayloadIsRefused() {
        byte[] document = PKI.document().publicKey(PUBLIC_KEY).build();
        byte[] altered = document.clone();
        int keyStart = indexOf(altered, PUBLIC_KEY);
        altered[keyStart + 100] ^= 1;
        refused(altered, "its signature does not verify");
    }

    @Test
    void aDocumentOfAnotherPkiIsRefused() {
        TestNitroPki other = TestNitroPki.create(NOW);
        refused(other.document().build(), "its certificate chain does not lead to the trusted root");
    }

    @Test
    void aChainWithoutItsIntermediateIsRefused() {
        refused(PKI.document().caBundle(List.of(PKI.root())).build(), "its certificate chain does not lead to the trusted root");
    }

    @Test
    void anExpiredOrNotYetValidCertificateIsRefused() {
        TestNitroPki expired = TestNitroPki.create(NOW.minus(Duration.ofHours(5)), NOW.minus(Duration.ofHours(2)));
        assertThatThrownBy(() -> new AttestationDocumentVerifier(expired.root()).verify(expired.document().build(), NOW))
                .isInstanceOf(InvalidAttestationDocumentException.class)
                .hasMessage("its certificate chain is not valid now");
        TestNitroPki future = TestNitroPki.create(NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(4)));
        assertThatThrownBy(() -> new AttestationDocumentVerifier(future.root()).verify(future.document().build(), NOW))
                .hasMessage("its certificate chain is not valid now");
    }

    @Test
    void theSameDocumentMeetsTheClockAtEveryCheck() {
        AttestationDocumentVerifier verifier = new AttestationDocumentVerifier(PKI.root());
        byte[] document = PKI.document().build();
        verifier.verify(document, NOW);
        verifier.verify(document, NOW.plus(Duration.ofHours(2)));
        assertThatThrownBy(() -> verifier.verify(document, NOW.plus(Duration.ofHours(4))))
                .hasMessage("its certificate chain is not valid now");
        assertThatThrownBy(() -> verifier.verify(document, NOW.minus(Duration.ofHours(2))))
                .hasMessage("its certificate chain is not valid now");
        assertThatThrownBy(() -> verifier.verify(PKI.document().corruptSignature().build(), NOW))
                .hasMessage("its signature does not verify");
        verifier.verify(document, NOW);
    }

    @Test
    void malformedCborIsRefused() {
        refused(new byte[] {(byte) 0xff, 0x00}, "it is not valid CBOR");
        byte[] document = PKI.document().build();
        refused(Arrays.copyOf(document, document.length - 10), "it is not valid CBOR");
        byte[] trailing = Arrays.copyOf(document, document.length + 1);
        refused(trailing, "it is not valid CBOR");
        refused(HexFormat.of().parseHex("83404040"), "it is not a COSE_Sign1 structure"); // an array of 3
        refused(HexFormat.of().parseHex("a0"), "it is not a COSE_Sign1 structure"); // a map
    }

    @Test
    void anotherAlgorithmIsRefused() {
        refused(PKI.document().algorithm(-7).build(), "it is not signed with ES384");
    }

    @Test
    void missingOrIllTypedFieldsAreRefused() {
        refused(PKI.document().without("module_id").build(), "its payload has no module_id");
        refused(PKI.document().field("module_id", "").build(), "its module_id field is not valid");
        refused(PKI.document().field("digest", "SHA256").build(), "its digest field is not valid");
        refused(PKI.document().field("timestamp", 0L).build(), "its timestamp field is not valid");
        refused(PKI.document().field("timestamp", "now").build(), "its timestamp field is not valid");
        refused(PKI.document().field("pcrs", Map.of()).build(), "its pcrs field is not valid");
        refused(PKI.document().field("pcrs", Map.of(0, new byte[20])).build(), "its pcrs field is not valid");
        refused(PKI.document().field("pcrs", Map.of(32, new byte[48])).build(), "its pcrs field is not valid");
        refused(PKI.document().without("certificate").build(), "its payload has no certificate");
        refused(PKI.document().field("certificate", new byte[] {1, 2, 3}).build(),
                "its certificate field holds a malformed certificate");
        refused(PKI.document().field("cabundle", List.of()).build(), "its cabundle field is not valid");
        refused(PKI.document().field("cabundle", java.util.Collections.nCopies(17, encoded(PKI.root()))).build(),
                "its cabundle field is not valid");
        refused(PKI.document().field("public_key", new byte[0]).build(), "its public_key field is not valid");
        refused(PKI.document().field("nonce", "text").build(), "its nonce field is not valid");
    }

    @Test
    void theShippedRootIsAwsRootG1() {
        assertThat(AwsNitroEnclavesRoot.certificate().getSubjectX500Principal().getName())
                .isEqualTo("CN=aws.nitro-enclaves,OU=AWS,O=Amazon,C=US");
        assertThat(AwsNitroEnclavesRoot.certificate().getNotAfter().toInstant()).isEqualTo(Instant.parse("2049-10-28T14:28:05Z"));
    }

    @Test
    void aRealAwsDocumentVerifiesAgainstTheShippedRootAtItsTime() throws Exception {
        byte[] document = realAwsDocument();
        assertThat(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(document)))
                .isEqualTo("46247354b25b3789748997f762d940306135419522541522699860af9a45757a");
        AttestationDocumentVerifier aws = AttestationDocumentVerifier.awsNitroEnclaves();
        assertThat(aws.trustedRoot()).isSameAs(AwsNitroEnclavesRoot.certificate());
        assertThat(AttestationDocumentVerifier.awsNitroEnclaves()).isSameAs(aws);

        AttestationDocument verified = aws.verify(document, Instant.parse("2024-09-17T00:48:30Z"));

        assertThat(verified.moduleId()).isEqualTo("i-0bbf1bfe232b8c2ce-enc0191fc27458c1d41");
        assertThat(verified.timestamp()).isEqualTo(Instant.parse("2024-09-17T00:47:59.695Z"));
        assertThat(verified.pcrIndexes()).hasSize(16);
        assertThat(verified.pcrHex(0)).contains("00".repeat(48)); // an enclave in debug mode
        assertThat(verified.publicKey()).hasValueSatisfying(key -> assertThat(key).isEqualTo(new byte[] {'d', 'u', 'm', 'm', 'y'}));
        assertThatThrownBy(() -> aws.verify(document, Instant.parse("2024-09-18T00:00:00Z")))
                .hasMessage("its certificate chain is not valid now");
        byte[] altered = document.clone();
        altered[200] ^= 1; // inside PCR 1
        assertThatThrownBy(() -> aws.verify(altered, Instant.parse("2024-09-17T00:48:30Z")))
                .hasMessage("its signature does not verify");
    }

    @Test
    void aTestDocumentIsRefusedByAwsRoot() {
        assertThatThrownBy(() -> AttestationDocumentVerifier.awsNitroEnclaves().verify(PKI.document().build(), NOW))
                .hasMessage("its certificate chain does not lead to the trusted root");
    }

    /** A document the Nitro hypervisor made; see aws-nitro-attestation-2024-09-17.ORIGIN.md. */
    private static byte[] realAwsDocument() throws java.io.IOException {
        try (java.io.InputStream in = AttestationDocumentVerifierTest.class.getResourceAsStream("aws-nitro-attestation-2024-09-17.b64")) {
            return java.util.Base64.getMimeDecoder().decode(in.readAllBytes());
        }
    }

    private static void refused(byte[] document, String reason) {
        assertThatThrownBy(() -> VERIFIER.verify(document, NOW))
                .isInstanceOf(InvalidAttestationDocumentException.class)
                .hasMessage(reason);
    }

    private static byte[] encoded(java.security.cert.X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void hostileLengthsAreRefusedAtOnce() {
        // A byte string, a text string, an array and a map that claim 2^31 - 1 or 2^64 - 1 items and hold none.
        for (String hostile : List.of("5a7fffffff", "7a7fffffff", "9b7fffffffffffffff", "bbffffffffffffffff", "d2845a7fffffff")) {
            refused(HexFormat.of().parseHex(hostile), "it is not valid CBOR");
        }
        byte[] nested = new byte[100_000];
        Arrays.fill(nested, (byte) 0x81); // arrays of one array, 100,000 deep
        refused(nested, "it is not valid CBOR");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int start = 0; start + needle.length <= haystack.length; start++) {
            if (Arrays.equals(haystack, start, start + needle.length, needle, 0, needle.length)) {
                return start;
            }
        }
        throw new AssertionError("not found");
    }
}
