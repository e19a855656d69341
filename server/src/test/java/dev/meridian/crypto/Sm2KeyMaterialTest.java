package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.AccountId;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.Partition;
import dev.meridian.model.Region;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SM2 material: the public examples of GB/T 32918.5-2017 / GM/T 0003.5-2012 on the recommended curve (Annex A,
 * signature; Annex C, encryption, in the DER form of GM/T 0009-2012), a key, a signature and a ciphertext made by
 * OpenSSL 3.0.19, BouncyCastle's own {@code SM2Signer} and {@code ECDHBasicAgreement} as the independent other
 * side, and every tampered ciphertext refused with {@link AuthenticationFailedException} and nothing else.
 */
class Sm2KeyMaterialTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final X9ECParameters SM2 = GMNamedCurves.getByName("sm2p256v1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(SM2);
    private static final KeyReference KEY = new KeyReference(AccountId.of("111122223333"), Region.of("cn-north-1"),
            new KeyId("0123abcd-4567-89ef-0011-223344556677"));

    /** GM/T 0003.5-2012 Annex A and C: the private key d and its public key. */
    private static final String D = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8";
    private static final String XA = "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020";
    private static final String YA = "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13";
    /** Annex A: Z_A with the default ID, e = SM3(Z_A || "message digest"), the nonce k, and (r, s). */
    private static final String ZA = "B2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3";
    private static final String E = "F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640";
    private static final String K = "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21";
    private static final String R = "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3";
    private static final String S = "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA";
    /** Annex C: "encryption standard" under the same key with the same k, C1 = (x1, y1), and the point (x2, y2) = d·C1. */
    private static final String CIPHERTEXT = "307C"
            + "022004EBFC718E8D1798620432268E77FEB6415E2EDE0E073C0F4F640ECD2E149A73"
            + "022100E858F9D81E5430A57B36DAAB8F950A3C64E6EE6A63094D99283AFF767E124DF0"
            + "042059983C18F809E262923C53AEC295D30383B54E39D609D160AFCB1908D0BD8766"
            + "041321886CA989CA9C7D58087307CA93092D651EFA";
    private static final String X1 = "04EBFC718E8D1798620432268E77FEB6415E2EDE0E073C0F4F640ECD2E149A73";
    private static final String Y1 = "E858F9D81E5430A57B36DAAB8F950A3C64E6EE6A63094D99283AFF767E124DF0";
    private static final String X2 = "335E18D751E51F040E27D468138B7AB1DC86AD7F981D7D416222FD6AB3ED230D";
    private static final String Y2 = "AB743EBCFB22D64F7B6AB791F70658F25B48FA93E54064FDBFBED3F0BD847AC9";

    /** Made by OpenSSL 3.0.19: {@code openssl genpkey -algorithm SM2}, then {@code openssl pkey -pubout}. */
    private static final String OPENSSL_PRIVATE_KEY = "MIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBG0wawIBAQQg0ySN55KBL4xbGK+8"
            + "0EWKApg9tyyYNmo4c1vhdvZ76uGhRANCAASDFhkbaBtfn7Dco96Ma5cpo4nngI44"
            + "YeX6uaQF90i3kRtcMGWB0mfn/gNonjvuzGRoNKN4/rWTViGpnWl7H/Mc";
    private static final String OPENSSL_PUBLIC_KEY = "MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAEgxYZG2gbX5+w3KPejGuXKaOJ54CO"
            + "OGHl+rmkBfdIt5EbXDBlgdJn5/4DaJ477sxkaDSjeP61k1YhqZ1pex/zHA==";
    /** {@code openssl pkeyutl -sign -rawin -digest sm3 -pkeyopt distid:1234567812345678} of "signed by OpenSSL 3.0". */
    private static final String OPENSSL_SIGNATURE = "3045022100f494b2275f1eb2fc7f052d41457fa9a3944fb734118cb26b7b69d6"
            + "1b22584ab70220291d1c275da4bc5ab2afec2bd3f2136a539d5436547bce8de0d83db44e8a7e5f";
    /** {@code openssl pkeyutl -encrypt} of "encrypted by OpenSSL 3.0". */
    private static final String OPENSSL_CIPHERTEXT = "30818102205daef4d546053df98b6f093c17ba4e7e2df6589fc51349b278e5"
            + "4c2d11165e10022100e3c6373e03b8ac2d43db26ed2646b3b54fd1253502595d093eb887918ae011d50420ecaabee21a20cb1e7d"
            + "f9c1cd64f0978cb02954a50ad85fa391c8bc74286d17190418d87a3ea8803e8902ba056433f1c1a5b3375e92e6581b1517";

    @TempDir
    Path folder;

    /** PKCS#8 of a bare scalar, as OpenSSL writes it without the optional public key. */
    private static Sm2KeyMaterial material(String scalarHex) {
        return new Sm2KeyMaterial(SecretBytes.copyOf(HEX.parseHex(
                "3041020100301306072a8648ce3d020106082a811ccf5501822d042730250201010420" + scalarHex)));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ECPoint point(byte[] publicKeyInfo) {
        return SM2.getCurve().decodePoint(Arrays.copyOfRange(publicKeyInfo, publicKeyInfo.length - 65,
                publicKeyInfo.length));
    }

    private static byte[] publicKeyInfo(ECPoint point) {
        return Sm2Encryption.publicKeyInfo(point.normalize());
    }

    @Test
    void theStandardsSignatureExampleOnTheRecommendedCurve() throws Exception {
        Sm2KeyMaterial material = material(D);
        byte[] publicKey = material.publicKeyInfo();
        assertThat(HEX.formatHex(publicKey)).isEqualToIgnoringCase(
                "3059301306072a8648ce3d020106082a811ccf5501822d03420004" + XA + YA);
        assertThat(HEX.formatHex(Sm2KeyMaterial.userHash(point(publicKey), utf8("1234567812345678"))))
                .isEqualToIgnoringCase(ZA);
        BigInteger d = new BigInteger(D, 16);
        BigInteger[] signature = Sm2KeyMaterial.signature(d, d.add(BigInteger.ONE).modInverse(DOMAIN.getN()),
                new BigInteger(E, 16), new BigInteger(K, 16));
        assertThat(signature).containsExactly(new BigInteger(R, 16), new BigInteger(S, 16));

        byte[] der = org.bouncycastle.crypto.signers.StandardDSAEncoding.INSTANCE.encode(DOMAIN.getN(),
                new BigInteger(R, 16), new BigInteger(S, 16));
        assertThat(material.verify("SM2DSA", utf8("message digest"), MessageType.RAW, der)).isTrue();
        assertThat(material.verify("SM2DSA", HEX.parseHex(E), MessageType.DIGEST, der)).isTrue();
        assertThat(material.verify("SM2DSA", utf8("message digesT"), MessageType.RAW, der)).isFalse();
        byte[] flipped = der.clone();
        flipped[flipped.length - 1] ^= 1;
        assertThat(material.verify("SM2DSA", utf8("message digest"), MessageType.RAW, flipped)).isFalse();
    }

    @Test
    void theStandardsEncryptionExampleDecryptsAndEveryTamperingIsRefused() {
        Sm2KeyMaterial material = material(D);
        byte[] ciphertext = HEX.parseHex(CIPHERTEXT);
        assertThat(material.decrypt("SM2PKE", ciphertext).unsafeBytes()).isEqualTo(utf8("encryption standard"));
        for (int i = 0; i < ciphertext.length; i++) {
            for (int bit : new int[] {0x01, 0x80}) {
                byte[] tampered = ciphertext.clone();
                tampered[i] ^= (byte) bit;
                assertThatThrownBy(() -> material.decrypt("SM2PKE", tampered)).as("byte %d bit %x", i, bit)
                        .isExactlyInstanceOf(AuthenticationFailedException.class);
            }
        }
        for (int length = 0; length < ciphertext.length; length++) {
            byte[] truncated = Arrays.copyOf(ciphertext, length);
            assertThatThrownBy(() -> material.decrypt("SM2PKE", truncated)).as("length %d", length)
                    .isExactlyInstanceOf(AuthenticationFailedException.class);
        }
        List<byte[]> malformed = List.of(Arrays.copyOf(ciphertext, ciphertext.length + 1), utf8("not DER at all"),
                HEX.parseHex("3000"), HEX.parseHex("3006020100020100"),
                // The raw C1 || C3 || C2 concatenation, which AWS does not take either.
                HEX.parseHex("04" + X1 + Y1 + CIPHERTEXT.substring(146, 210) + CIPHERTEXT.substring(214)),
                // BER: a long-form length where DER has the short form.
                HEX.parseHex("30817C" + CIPHERTEXT.substring(4)));
        for (byte[] input : malformed) {
            assertThatThrownBy(() -> material.decrypt("SM2PKE", input))
                    .isExactlyInstanceOf(AuthenticationFailedException.class);
        }
        assertThatThrownBy(() -> material.decrypt("RSAES_OAEP_SHA_256", ciphertext))
                .isExactlyInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> material(K).decrypt("SM2PKE", ciphertext))
                .isExactlyInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void theSharedSecretIsTheXCoordinateOfTheStandardsPoint() {
        // (x2, y2) is the example's point d·C1: the check value C3 = SM3(x2 || M || y2) proves it.
        SM3Digest sm3 = new SM3Digest();
        for (byte[] part : new byte[][] {HEX.parseHex(X2), utf8("encryption standard"), HEX.parseHex(Y2)}) {
            sm3.update(part, 0, part.length);
        }
        byte[] c3 = new byte[32];
        sm3.doFinal(c3, 0);
        assertThat(HEX.formatHex(c3)).isEqualToIgnoringCase(CIPHERTEXT.substring(146, 210));

        ECPoint c1 = SM2.getCurve().createPoint(new BigInteger(X1, 16), new BigInteger(Y1, 16));
        assertThat(material(D).deriveSharedSecret(publicKeyInfo(c1)).unsafeBytes()).isEqualTo(HEX.parseHex(X2));
    }

    @Test
    void opensslsKeySignatureAndCiphertextWork() {
        Sm2KeyMaterial material = new Sm2KeyMaterial(SecretBytes.copyOf(Base64.getDecoder().decode(OPENSSL_PRIVATE_KEY)));
        assertThat(material.publicKeyInfo()).isEqualTo(Base64.getDecoder().decode(OPENSSL_PUBLIC_KEY));
        assertThat(material.verify("SM2DSA", utf8("signed by OpenSSL 3.0"), MessageType.RAW,
                HEX.parseHex(OPENSSL_SIGNATURE))).isTrue();
        assertThat(material.decrypt("SM2PKE", HEX.parseHex(OPENSSL_CIPHERTEXT)).unsafeBytes())
                .isEqualTo(utf8("encrypted by OpenSSL 3.0"));
        assertThat(material.privateKeyInfo().unsafeBytes()).isEqualTo(Base64.getDecoder().decode(OPENSSL_PRIVATE_KEY));
        // OpenSSL 3.1's genpkey -algorithm sm2 names the algorithm with the SM2 OID instead of id-ecPublicKey.
        byte[] sm2Algorithm = HEX.parseHex("308188020100301406082a811ccf5501822d06082a811ccf5501822d"
                + HEX.formatHex(Arrays.copyOfRange(Base64.getDecoder().decode(OPENSSL_PRIVATE_KEY), 27, 138)));
        assertThat(new Sm2KeyMaterial(SecretBytes.copyOf(sm2Algorithm)).publicKeyInfo())
                .isEqualTo(material.publicKeyInfo());
        byte[] peer = Sm2KeyMaterial.generate().publicKeyInfo();
        byte[] peerWithSm2Algorithm = HEX.parseHex("305a301406082a811ccf5501822d06082a811ccf5501822d"
                + HEX.formatHex(Arrays.copyOfRange(peer, 23, 91)));
        assertThat(material.deriveSharedSecret(peerWithSm2Algorithm)).isEqualTo(material.deriveSharedSecret(peer));
    }

    @Test
    void signaturesAgreeWithBouncyCastlesSm2SignerBothWays() throws Exception {
        Sm2KeyMaterial material = Sm2KeyMaterial.generate();
        ECPublicKeyParameters publicKey = new ECPublicKeyParameters(point(material.publicKeyInfo()), DOMAIN);
        byte[] message = utf8("the SM2 message");
        SM2Signer verifier = new SM2Signer();
        verifier.init(false, new ParametersWithID(publicKey, utf8("1234567812345678")));
        verifier.update(message, 0, message.length);
        assertThat(verifier.verifySignature(material.sign("SM2DSA", message, MessageType.RAW))).isTrue();

        // A digest made with another distinguishing ID, signed as it is.
        byte[] id = utf8("alice@example.cn");
        SM3Digest sm3 = new SM3Digest();
        byte[] z = Sm2KeyMaterial.userHash(publicKey.getQ(), id);
        sm3.update(z, 0, z.length);
        sm3.update(message, 0, message.length);
        byte[] digest = new byte[32];
        sm3.doFinal(digest, 0);
        byte[] overDigest = material.sign("SM2DSA", digest, MessageType.DIGEST);
        verifier.init(false, new ParametersWithID(publicKey, id));
        verifier.update(message, 0, message.length);
        assertThat(verifier.verifySignature(overDigest)).isTrue();
        assertThat(material.verify("SM2DSA", digest, MessageType.DIGEST, overDigest)).isTrue();
        assertThat(material.verify("SM2DSA", message, MessageType.RAW, overDigest)).isFalse();

        Sm2KeyMaterial other = material(D);
        SM2Signer signer = new SM2Signer();
        signer.init(true, new ParametersWithRandom(new ECPrivateKeyParameters(new BigInteger(D, 16), DOMAIN)));
        signer.update(message, 0, message.length);
        byte[] bouncyCastles = signer.generateSignature();
        assertThat(other.verify("SM2DSA", message, MessageType.RAW, bouncyCastles)).isTrue();
        assertThat(material.verify("SM2DSA", message, MessageType.RAW, bouncyCastles)).isFalse();
        assertThat(material.verify("SM2DSA", message, MessageType.RAW, new byte[0])).isFalse();
        assertThat(material.verify("SM2DSA", message, MessageType.RAW, utf8("not DER"))).isFalse();
    }

    @Test
    void encryptionRoundTripsUpToAwssLimit() {
        Sm2KeyMaterial material = Sm2KeyMaterial.generate();
        assertThat(material.maximumPlaintextLength("SM2PKE")).isEqualTo(1024);
        for (int length : new int[] {1, 32, 1024}) {
            byte[] plaintext = new byte[length];
            Randomness.fill(plaintext);
            byte[] ciphertext = material.encrypt("SM2PKE", plaintext);
            assertThat(ciphertext[0]).isEqualTo((byte) 0x30);
            assertThat(material.decrypt("SM2PKE", ciphertext).unsafeBytes()).isEqualTo(plaintext);
            assertThat(material.encrypt("SM2PKE", plaintext)).isNotEqualTo(ciphertext);
        }
        assertThatThrownBy(() -> material.encrypt("SM2PKE", new byte[1025]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> material.encrypt("RSAES_OAEP_SHA_1", new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyAgreementMatchesBouncyCastlesEcdhAndRefusesOtherKeys() {
        Sm2KeyMaterial material = Sm2KeyMaterial.generate();
        Sm2KeyMaterial peer = Sm2KeyMaterial.generate();
        byte[] secret = material.deriveSharedSecret(peer.publicKeyInfo()).unsafeBytes();
        assertThat(secret).hasSize(32).isEqualTo(peer.deriveSharedSecret(material.publicKeyInfo()).unsafeBytes());

        ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        agreement.init(new ECPrivateKeyParameters(new BigInteger(D, 16), DOMAIN));
        BigInteger expected = agreement.calculateAgreement(
                new ECPublicKeyParameters(point(material.publicKeyInfo()), DOMAIN));
        assertThat(material.deriveSharedSecret(material(D).publicKeyInfo()).unsafeBytes())
                .isEqualTo(org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, expected));

        byte[] good = peer.publicKeyInfo();
        byte[] offCurve = good.clone();
        offCurve[offCurve.length - 1] ^= 1;
        byte[] compressed = HEX.parseHex("3039301306072a8648ce3d020106082a811ccf5501822d032200"
                + HEX.formatHex(point(good).getEncoded(true)));
        byte[] p256 = KeyMaterialService.generate(KeySpec.ECC_NIST_P256, Partition.AWS).asymmetric().publicKeyInfo();
        byte[] p256WithSm2Point = good.clone();
        System.arraycopy(p256, 0, p256WithSm2Point, 0, 27);
        assertThat(material.deriveSharedSecret(compressed).unsafeBytes()).isEqualTo(secret);
        byte[] infinity = HEX.parseHex("3018301306072a8648ce3d020106082a811ccf5501822d03020000");
        for (byte[] bad : List.of(offCurve, infinity, p256, p256WithSm2Point, Arrays.copyOf(good, good.length + 1),
                Arrays.copyOf(good, good.length - 1), new byte[0], utf8("not a key"))) {
            assertThatThrownBy(() -> material.deriveSharedSecret(bad)).isExactlyInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void materialSurvivesWrappingFitsOnlyChinaAndIsNeverPrinted() throws Exception {
        RootKey rootKey = FileRootKey.loadOrCreate(folder.resolve("root.key"));
        KeyMaterial material = KeyMaterialService.generate(KeySpec.SM2, Partition.AWS_CN);
        assertThat(material).isInstanceOf(Sm2KeyMaterial.class);
        assertThat(material.spec()).isEqualTo(KeySpec.SM2);
        assertThat(material.fitsPartition(Partition.AWS_CN)).isTrue();
        assertThat(material.fitsPartition(Partition.AWS)).isFalse();
        assertThat(material.fitsPartition(Partition.AWS_US_GOV)).isFalse();
        assertThat(KeyMaterialService.offeredIn(KeySpec.SM2, Partition.AWS)).isFalse();
        assertThat(KeyMaterialService.offeredIn(KeySpec.ECC_NIST_P256, Partition.AWS_CN)).isTrue();
        for (KeyUsage usage : List.of(KeyUsage.SIGN_VERIFY, KeyUsage.ENCRYPT_DECRYPT, KeyUsage.KEY_AGREEMENT)) {
            assertThat(KeySpec.SM2.supports(usage)).isTrue();
        }
        assertThat(KeySpec.SM2.supports(KeyUsage.GENERATE_VERIFY_MAC)).isFalse();

        byte[] wrapped = KeyMaterialService.wrap(rootKey, material, KEY, 1);
        KeyMaterial unwrapped = KeyMaterialService.unwrap(rootKey, KeySpec.SM2, wrapped, KEY, 1);
        assertThat(unwrapped.equalsConstantTime(material)).isTrue();
        assertThat(KeyMaterialService.keyMaterialId(unwrapped)).isEqualTo(KeyMaterialService.keyMaterialId(material));
        assertThat(unwrapped.asymmetric().publicKeyInfo()).isEqualTo(material.asymmetric().publicKeyInfo());
        byte[] signature = material.signing().sign("SM2DSA", utf8("m"), MessageType.RAW);
        assertThat(unwrapped.signing().verify("SM2DSA", utf8("m"), MessageType.RAW, signature)).isTrue();
        byte[] ciphertext = material.decryption().encrypt("SM2PKE", utf8("p"));
        assertThat(unwrapped.decryption().decrypt("SM2PKE", ciphertext).unsafeBytes()).isEqualTo(utf8("p"));
        assertThat(unwrapped.agreement().deriveSharedSecret(material(D).publicKeyInfo()))
                .isEqualTo(material.agreement().deriveSharedSecret(material(D).publicKeyInfo()));
        assertThat(new Sm2KeyMaterial(material.asymmetric().privateKeyInfo()).publicKeyInfo())
                .isEqualTo(material.asymmetric().publicKeyInfo());

        assertThat(material.toString()).isEqualTo("Sm2KeyMaterial[SM2, redacted]");
        assertThatThrownBy(material::symmetric).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(material::hmac).isInstanceOf(IllegalStateException.class);
        assertThat(KeyMaterialService.parseImported(KeySpec.SM2, SecretBytes.random(32))).isEqualTo(Optional.empty());
        assertThat(SigningKeyMaterial.digestLength("SM2DSA")).isEqualTo(32);
        assertThat(SigningKeyMaterial.acceptsMessageType("SM2DSA", MessageType.RAW)).isTrue();
        assertThat(SigningKeyMaterial.acceptsMessageType("SM2DSA", MessageType.DIGEST)).isTrue();
        assertThat(SigningKeyMaterial.acceptsMessageType("SM2DSA", MessageType.EXTERNAL_MU)).isFalse();
    }

    @Test
    void privateKeysOfAnotherCurveOrOutOfRangeAreRefused() {
        String n = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123";
        String nMinusOne = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54122";
        String nMinusTwo = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54121";
        for (String scalar : List.of("00".repeat(32), n, nMinusOne)) {
            assertThatThrownBy(() -> material(scalar)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(material(nMinusTwo).publicKeyInfo()).hasSize(91);
        SecretBytes p256 = KeyMaterialService.generate(KeySpec.ECC_NIST_P256, Partition.AWS).asymmetric()
                .privateKeyInfo();
        assertThatThrownBy(() -> new Sm2KeyMaterial(p256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sm2KeyMaterial(SecretBytes.copyOf(utf8("not PKCS#8"))))
                .isInstanceOf(IllegalArgumentException.class);
        // The OpenSSL key with the public key of another scalar.
        byte[] mismatched = Base64.getDecoder().decode(OPENSSL_PRIVATE_KEY);
        mismatched[mismatched.length - 1] ^= 1;
        assertThatThrownBy(() -> new Sm2KeyMaterial(SecretBytes.copyOf(mismatched)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
