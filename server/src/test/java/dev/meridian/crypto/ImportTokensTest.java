package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.KeySpec;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.MGF1ParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import token's formats: version 1 (RSA) exactly as documented before SM2 existed, version 2 (SM2), and
 * the SM2 ciphertext encodings that are accepted and refused. The client side of SM2 is BouncyCastle's
 * {@link SM2Engine}, not Meridian's code; the integration test {@code ImportSm2IT} wraps with OpenSSL.
 */
class ImportTokensTest {
    private static final String BINDING = "arn:aws-cn:kms:cn-north-1:111122223333:key/0123abcd-4567-89ef-0011-223344556677";
    private static final Instant VALID_TO = Instant.parse("2030-01-02T03:04:05.678Z");
    /** DER of SEQUENCE { SEQUENCE { id-ecPublicKey, sm2p256v1 }, BIT STRING, 66 bytes, uncompressed point }. */
    private static final String SM2_PUBLIC_KEY_PREFIX = "3059301306072a8648ce3d020106082a811ccf5501822d03420004";

    @TempDir
    Path folder;

    private RootKey rootKey() {
        return FileRootKey.loadOrCreate(folder.resolve("root.key"));
    }

    @Test
    void aVersionOneTokenLaidOutAsDocumentedStillOpens() throws Exception {
        RootKey rootKey = rootKey();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        byte[] header = ByteBuffer.allocate(12).put((byte) 1).put((byte) 2).putShort((short) 256)
                .putLong(VALID_TO.toEpochMilli()).array();
        byte[] label = ("meridian/import-token/v1|" + BINDING + "|").getBytes(StandardCharsets.UTF_8);
        byte[] associatedData = Arrays.copyOf(label, label.length + header.length);
        System.arraycopy(header, 0, associatedData, label.length, header.length);
        byte[] sealed = rootKey.wrap(SecretBytes.copyOf(pair.getPrivate().getEncoded()), associatedData);
        byte[] token = Arrays.copyOf(header, header.length + sealed.length);
        System.arraycopy(sealed, 0, token, header.length, sealed.length);

        ImportTokens.Opened opened = ImportTokens.open(rootKey, BINDING, token);

        assertThat(opened.algorithm()).isEqualTo(WrappingAlgorithm.RSAES_OAEP_SHA_256);
        assertThat(opened.validTo()).isEqualTo(VALID_TO);
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
        rsa.init(Cipher.ENCRYPT_MODE, pair.getPublic(), new OAEPParameterSpec("SHA-256", "MGF1",
                MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        byte[] material = SecretBytes.random(32).toByteArray();
        assertThat(opened.unwrap(rsa.doFinal(material), KeySpec.SYMMETRIC_DEFAULT).toByteArray()).isEqualTo(material);
    }

    @Test
    void rsaTokensAreStillIssuedAsVersionOne() {
        byte[] token = ImportTokens.issue(rootKey(), BINDING, WrappingAlgorithm.RSAES_OAEP_SHA_1,
                WrappingKeySpec.RSA_2048, VALID_TO).token();
        assertThat(Arrays.copyOf(token, 4)).containsExactly(1, 1, 1, 0);
    }

    @Test
    void anSm2TokenCarriesItsPrivateKeyAndOpensWhatItsPublicKeyEncrypted() throws Exception {
        RootKey rootKey = rootKey();
        ImportTokens.Issued issued = ImportTokens.issue(rootKey, BINDING, WrappingAlgorithm.SM2PKE, WrappingKeySpec.SM2,
                VALID_TO);

        assertThat(HexFormat.of().formatHex(issued.publicKey())).startsWith(SM2_PUBLIC_KEY_PREFIX);
        assertThat(issued.publicKey()).hasSize(91);
        assertThat(Arrays.copyOf(issued.token(), 4)).containsExactly(2, 5, 0, 32);
        byte[] material = SecretBytes.random(32).toByteArray();
        ImportTokens.Opened opened = ImportTokens.open(rootKey, BINDING, issued.token());

        assertThat(opened.algorithm()).isEqualTo(WrappingAlgorithm.SM2PKE);
        assertThat(opened.validTo()).isEqualTo(VALID_TO);
        assertThat(opened.privateKey().toString()).isEqualTo("Sm2WrappingKey[redacted]");
        assertThat(opened.unwrap(der(encryptC1C3C2(issued.publicKey(), material)), KeySpec.SYMMETRIC_DEFAULT).toByteArray()).isEqualTo(material);
    }

    @Test
    void anSm2TokenOpensOnlyForItsKeyAndUnaltered() {
        RootKey rootKey = rootKey();
        byte[] token = ImportTokens.issue(rootKey, BINDING, WrappingAlgorithm.SM2PKE, WrappingKeySpec.SM2, VALID_TO)
                .token();
        assertThatThrownBy(() -> ImportTokens.open(rootKey, BINDING.replace("0123abcd", "fedcba98"), token))
                .isInstanceOf(AuthenticationFailedException.class);
        for (int[] change : new int[][] {{0, 1}, {1, 2}, {3, 64}, {11, 1}, {20, 1}}) {
            byte[] altered = token.clone();
            altered[change[0]] ^= (byte) change[1];
            assertThatThrownBy(() -> ImportTokens.open(rootKey, BINDING, altered))
                    .isInstanceOf(AuthenticationFailedException.class);
        }
    }

    @Test
    void onlyTheDerFormOfAnSm2CiphertextOpens() throws Exception {
        RootKey rootKey = rootKey();
        ImportTokens.Issued issued = ImportTokens.issue(rootKey, BINDING, WrappingAlgorithm.SM2PKE, WrappingKeySpec.SM2,
                VALID_TO);
        ImportTokens.Opened opened = ImportTokens.open(rootKey, BINDING, issued.token());
        byte[] material = SecretBytes.random(32).toByteArray();
        byte[] raw = encryptC1C3C2(issued.publicKey(), material);
        byte[] der = der(raw);
        byte[] c1c2c3 = new byte[raw.length];
        System.arraycopy(raw, 0, c1c2c3, 0, 65);
        System.arraycopy(raw, 97, c1c2c3, 65, raw.length - 97);
        System.arraycopy(raw, 65, c1c2c3, raw.length - 32, 32);
        byte[] trailing = Arrays.copyOf(der, der.length + 1);
        byte[] tampered = der.clone();
        tampered[tampered.length - 1] ^= 1;

        for (byte[] refused : new byte[][] {raw, c1c2c3, trailing, tampered, Arrays.copyOf(der, der.length - 1)}) {
            assertThatThrownBy(() -> opened.unwrap(refused, KeySpec.SYMMETRIC_DEFAULT)).isInstanceOf(AuthenticationFailedException.class);
        }
        assertThatThrownBy(() -> opened.privateKey().unwrap(WrappingAlgorithm.RSAES_OAEP_SHA_256, der, KeySpec.SYMMETRIC_DEFAULT))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThat(opened.unwrap(der, KeySpec.SYMMETRIC_DEFAULT).toByteArray()).isEqualTo(material);
    }

    @Test
    void anAlgorithmMustFitItsWrappingKeySpec() {
        assertThatThrownBy(() -> ImportTokens.issue(rootKey(), BINDING, WrappingAlgorithm.RSAES_OAEP_SHA_256,
                WrappingKeySpec.SM2, VALID_TO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImportTokens.issue(rootKey(), BINDING, WrappingAlgorithm.SM2PKE,
                WrappingKeySpec.RSA_2048, VALID_TO)).isInstanceOf(IllegalArgumentException.class);
    }

    /** SM2 encryption as a client following GB/T 32918.4 would do it, with BouncyCastle: raw C1 || C3 || C2. */
    private static byte[] encryptC1C3C2(byte[] publicKeyInfo, byte[] plaintext) throws Exception {
        X9ECParameters curve = GMNamedCurves.getByName("sm2p256v1");
        ECDomainParameters domain = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
        byte[] point = SubjectPublicKeyInfo.getInstance(publicKeyInfo).getPublicKeyData().getBytes();
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(true, new ParametersWithRandom(new ECPublicKeyParameters(curve.getCurve().decodePoint(point), domain)));
        return engine.processBlock(plaintext, 0, plaintext.length);
    }

    /** The GM/T 0009 DER form of a raw C1C3C2 ciphertext, as OpenSSL writes it. */
    private static byte[] der(byte[] raw) throws IOException {
        ASN1EncodableVector elements = new ASN1EncodableVector();
        elements.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33))));
        elements.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 33, 65))));
        elements.add(new DEROctetString(Arrays.copyOfRange(raw, 65, 97)));
        elements.add(new DEROctetString(Arrays.copyOfRange(raw, 97, raw.length)));
        return new DERSequence(elements).getEncoded(ASN1Encoding.DER);
    }
}
