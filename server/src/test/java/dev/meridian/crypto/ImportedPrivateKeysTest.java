package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.model.KeySpec;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PKCS#8 private keys ImportKeyMaterial takes for asymmetric keys, below HTTP: each spec takes its own
 * algorithm, size and curve and nothing else; the public key is derived from the private key; the same key in
 * another valid encoding is the same material (same KeyMaterialId); and truncated or mutated DER, the
 * attacker's input, is refused without any exception.
 */
class ImportedPrivateKeysTest {
    private static final Map<KeySpec, KeyPair> PAIRS = new EnumMap<>(KeySpec.class);
    private static final KeySpec[] SPECS = {KeySpec.RSA_2048, KeySpec.RSA_3072, KeySpec.RSA_4096, KeySpec.ECC_NIST_P256,
        KeySpec.ECC_NIST_P384, KeySpec.ECC_NIST_P521, KeySpec.ECC_SECG_P256K1, KeySpec.ECC_NIST_EDWARDS25519};

    @BeforeAll
    static void generate() throws GeneralSecurityException {
        for (KeySpec spec : SPECS) {
            PAIRS.put(spec, pair(spec));
        }
    }

    /** Key pairs made outside Meridian: the JDK's, BouncyCastle's for secp256k1 (which JDK 17 lacks). */
    private static KeyPair pair(KeySpec spec) throws GeneralSecurityException {
        KeyPairGenerator generator;
        switch (spec) {
            case RSA_2048, RSA_3072, RSA_4096 -> {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(Integer.parseInt(spec.name().substring(4)));
            }
            case ECC_SECG_P256K1 -> {
                generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
                generator.initialize(new ECGenParameterSpec("secp256k1"));
            }
            case ECC_NIST_EDWARDS25519 -> generator = KeyPairGenerator.getInstance("Ed25519");
            default -> {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec(switch (spec) {
                    case ECC_NIST_P256 -> "secp256r1";
                    case ECC_NIST_P384 -> "secp384r1";
                    default -> "secp521r1";
                }));
            }
        }
        return generator.generateKeyPair();
    }

    private static Optional<KeyMaterial> parse(KeySpec spec, byte[] der) {
        return KeyMaterialService.parseImported(spec, SecretBytes.copyOf(der));
    }

    @Test
    void eachSpecTakesItsOwnKeysAndDerivesThePublicKey() {
        for (KeySpec spec : SPECS) {
            KeyPair pair = PAIRS.get(spec);
            KeyMaterial material = parse(spec, pair.getPrivate().getEncoded()).orElseThrow();
            assertThat(material.asymmetric().publicKeyInfo()).as("%s", spec).isEqualTo(pair.getPublic().getEncoded());
            for (KeySpec other : KeySpec.values()) {
                if (other != spec && other.isAsymmetric()) {
                    assertThat(parse(other, pair.getPrivate().getEncoded())).as("%s as %s", spec, other).isEmpty();
                }
            }
        }
    }

    @Test
    void theSameKeyInAnotherEncodingIsTheSameMaterial() throws Exception {
        // EC: with and without the public key and the curve inside the ECPrivateKey (OpenSSL writes both).
        for (KeySpec spec : new KeySpec[] {KeySpec.ECC_NIST_P256, KeySpec.ECC_NIST_P521, KeySpec.ECC_SECG_P256K1}) {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(PAIRS.get(spec).getPrivate().getEncoded());
            ECPrivateKey full = ECPrivateKey.getInstance(info.parsePrivateKey());
            int bits = spec == KeySpec.ECC_NIST_P521 ? 521 : 256;
            byte[] bare = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), new ECPrivateKey(bits, full.getKey()))
                    .getEncoded(ASN1Encoding.DER);
            byte[] publicKey = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
                    PAIRS.get(spec).getPublic().getEncoded()).getPublicKeyData().getBytes();
            byte[] complete = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), new ECPrivateKey(bits, full.getKey(),
                    new org.bouncycastle.asn1.DERBitString(publicKey),
                    info.getPrivateKeyAlgorithm().getParameters()))
                    .getEncoded(ASN1Encoding.DER);
            assertSameMaterial(spec, bare, complete);
            assertSameMaterial(spec, PAIRS.get(spec).getPrivate().getEncoded(), complete);
        }
        // Ed25519: RFC 8410's v1 form (the JDK's) and the v2 form with the public key (OpenSSL 3 reads both).
        byte[] v1 = PAIRS.get(KeySpec.ECC_NIST_EDWARDS25519).getPrivate().getEncoded();
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(v1);
        byte[] publicKey = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
                PAIRS.get(KeySpec.ECC_NIST_EDWARDS25519).getPublic().getEncoded()).getPublicKeyData().getOctets();
        byte[] v2 = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), info.parsePrivateKey(), null, publicKey)
                .getEncoded(ASN1Encoding.DER);
        assertSameMaterial(KeySpec.ECC_NIST_EDWARDS25519, v1, v2);
        // RSA: the AlgorithmIdentifier without its NULL parameters.
        byte[] rsa = PAIRS.get(KeySpec.RSA_2048).getPrivate().getEncoded();
        PrivateKeyInfo rsaInfo = PrivateKeyInfo.getInstance(rsa);
        byte[] withoutNull = new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption),
                rsaInfo.parsePrivateKey()).getEncoded(ASN1Encoding.DER);
        assertSameMaterial(KeySpec.RSA_2048, rsa, withoutNull);
    }

    private static void assertSameMaterial(KeySpec spec, byte[] one, byte[] other) {
        KeyMaterial first = parse(spec, one).orElseThrow();
        KeyMaterial second = parse(spec, other).orElseThrow();
        assertThat(KeyMaterialService.keyMaterialId(second)).as("%s", spec).isEqualTo(KeyMaterialService.keyMaterialId(first));
        assertThat(second.asymmetric().publicKeyInfo()).isEqualTo(first.asymmetric().publicKeyInfo());
    }

    @Test
    void inconsistentKeysAreRefused() throws Exception {
        // RSA: a CRT value that does not fit the others (a faulty key would leak its factors when signing).
        RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) PAIRS.get(KeySpec.RSA_2048).getPrivate();
        byte[] badCoefficient = rsaInfo(rsa.getModulus(), rsa.getPublicExponent(), rsa.getPrivateExponent(),
                rsa.getPrimeP(), rsa.getPrimeQ(), rsa.getPrimeExponentP(), rsa.getPrimeExponentQ(),
                rsa.getCrtCoefficient().add(java.math.BigInteger.ONE));
        assertThat(parse(KeySpec.RSA_2048, badCoefficient)).isEmpty();
        byte[] badExponent = rsaInfo(rsa.getModulus(), rsa.getPublicExponent(), rsa.getPrivateExponent().add(java.math.BigInteger.TWO),
                rsa.getPrimeP(), rsa.getPrimeQ(), rsa.getPrimeExponentP(), rsa.getPrimeExponentQ(), rsa.getCrtCoefficient());
        assertThat(parse(KeySpec.RSA_2048, badExponent)).isEmpty();
        // EC: a public key that is not the private key's.
        PrivateKeyInfo ec = PrivateKeyInfo.getInstance(PAIRS.get(KeySpec.ECC_NIST_P256).getPrivate().getEncoded());
        ECPrivateKey other = ECPrivateKey.getInstance(PrivateKeyInfo.getInstance(
                pair(KeySpec.ECC_NIST_P256).getPrivate().getEncoded()).parsePrivateKey());
        ECPrivateKey own = ECPrivateKey.getInstance(ec.parsePrivateKey());
        org.bouncycastle.asn1.x9.X9ECParameters curve = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByName("secp256r1");
        byte[] otherPublic = curve.getG().multiply(other.getKey()).getEncoded(false);
        byte[] mismatched = new PrivateKeyInfo(ec.getPrivateKeyAlgorithm(), new ECPrivateKey(256, own.getKey(),
                new org.bouncycastle.asn1.DERBitString(otherPublic), null)).getEncoded(ASN1Encoding.DER);
        assertThat(parse(KeySpec.ECC_NIST_P256, mismatched)).isEmpty();
        // EC: a scalar of zero, and one as large as the group order.
        for (java.math.BigInteger scalar : new java.math.BigInteger[] {java.math.BigInteger.ZERO, curve.getN()}) {
            byte[] outOfRange = new PrivateKeyInfo(ec.getPrivateKeyAlgorithm(), new ECPrivateKey(256, scalar))
                    .getEncoded(ASN1Encoding.DER);
            assertThat(parse(KeySpec.ECC_NIST_P256, outOfRange)).isEmpty();
        }
        // EC: explicit curve parameters instead of the named curve.
        byte[] explicit = new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve),
                new ECPrivateKey(256, own.getKey())).getEncoded(ASN1Encoding.DER);
        assertThat(parse(KeySpec.ECC_NIST_P256, explicit)).isEmpty();
        // Ed25519: a seed of the wrong length, parameters where there must be none.
        assertThat(parse(KeySpec.ECC_NIST_EDWARDS25519, new PrivateKeyInfo(new AlgorithmIdentifier(
                EdECObjectIdentifiers.id_Ed25519), new org.bouncycastle.asn1.DEROctetString(new byte[31]))
                .getEncoded(ASN1Encoding.DER))).isEmpty();
        assertThat(parse(KeySpec.ECC_NIST_EDWARDS25519, new PrivateKeyInfo(new AlgorithmIdentifier(
                EdECObjectIdentifiers.id_Ed25519, DERNull.INSTANCE), new org.bouncycastle.asn1.DEROctetString(new byte[32]))
                .getEncoded(ASN1Encoding.DER))).isEmpty();
        // Any key followed by more bytes.
        byte[] valid = PAIRS.get(KeySpec.ECC_NIST_P384).getPrivate().getEncoded();
        assertThat(parse(KeySpec.ECC_NIST_P384, Arrays.copyOf(valid, valid.length + 1))).isEmpty();
    }

    private static byte[] rsaInfo(java.math.BigInteger... values) throws java.io.IOException {
        return new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                new RSAPrivateKey(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7]))
                .getEncoded(ASN1Encoding.DER);
    }

    @Test
    void truncatedOrMutatedDerIsRefusedWithoutAnException() {
        Random random = new SecureRandom();
        for (KeySpec spec : SPECS) {
            byte[] valid = PAIRS.get(spec).getPrivate().getEncoded();
            for (int length = 0; length < valid.length; length++) {
                assertThat(parse(spec, Arrays.copyOf(valid, length))).as("%s cut to %d", spec, length).isEmpty();
            }
            for (int round = 0; round < 600; round++) {
                byte[] mutated = valid.clone();
                int changes = 1 + random.nextInt(3);
                for (int change = 0; change < changes; change++) {
                    mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
                }
                // No exception; whatever is taken is a consistent key of the spec.
                parse(spec, mutated).ifPresent(material -> assertThat(material.asymmetric().publicKeyInfo()).isNotEmpty());
            }
            byte[] garbage = new byte[random.nextInt(3000) + 1];
            random.nextBytes(garbage);
            assertThat(parse(spec, garbage)).isEmpty();
            assertThat(parse(spec, new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff})).isEmpty();
            assertThat(parse(spec, getEncoded(new ASN1Integer(1)))).isEmpty();
        }
    }

    private static byte[] getEncoded(org.bouncycastle.asn1.ASN1Object object) {
        try {
            return object.getEncoded(ASN1Encoding.DER);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
