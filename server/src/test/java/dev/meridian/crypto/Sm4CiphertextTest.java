package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.AccountId;
import dev.meridian.model.KeyId;
import dev.meridian.model.Partition;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/** SM4-GCM (RFC 8998's vector) and the China Regions' ciphertext, format version 2. */
class Sm4CiphertextTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final AccountId ACCOUNT = AccountId.of("111122223333");
    private static final KeyId KEY = new KeyId("mrk-00112233445566778899aabbccddeeff");
    private static final SecretBytes MATERIAL = SymmetricMaterial.generate(Partition.AWS_CN);
    private static final Map<String, String> CONTEXT = Map.of("purpose", "test");

    private static byte[] seal(SecretBytes material, byte[] plaintext) {
        return SymmetricCiphertextFormat.seal(new CiphertextHeader(ACCOUNT, KEY, 3), material, plaintext, CONTEXT);
    }

    @Test
    void sm4GcmMatchesTheVectorOfRfc8998() {
        byte[] key = HEX.parseHex("0123456789abcdeffedcba9876543210");
        byte[] iv = HEX.parseHex("00001234567800000000abcd");
        byte[] associatedData = HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        byte[] plaintext = HEX.parseHex("aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd"
                + "eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa");
        byte[] expected = HEX.parseHex("17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735"
                + "d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d"
                + "83de3541e4c2b58177e065a9bf7b62ec");

        assertThat(Sm4Gcm.seal(key, iv, plaintext, associatedData)).isEqualTo(expected);
        byte[] input = new byte[iv.length + expected.length];
        System.arraycopy(iv, 0, input, 0, iv.length);
        System.arraycopy(expected, 0, input, iv.length, expected.length);
        assertThat(Sm4Gcm.open(key, input, 0, iv.length, expected.length, associatedData)).isEqualTo(plaintext);
        for (int index : new int[] {12, 75, 91}) {
            byte[] damaged = input.clone();
            damaged[index] ^= 1;
            assertThatThrownBy(() -> Sm4Gcm.open(key, damaged, 0, iv.length, expected.length, associatedData))
                    .isInstanceOf(AuthenticationFailedException.class);
        }
    }

    @Test
    void chinaMaterialIs128BitsAndMakesVersion2LaidOutAsDocumented() {
        assertThat(SymmetricMaterial.length(Partition.AWS_CN)).isEqualTo(16);
        assertThat(SymmetricMaterial.length(Partition.AWS)).isEqualTo(32);
        assertThat(SymmetricMaterial.length(Partition.AWS_US_GOV)).isEqualTo(32);
        byte[] plaintext = "sealed with SM4".getBytes(StandardCharsets.UTF_8);
        byte[] blob = seal(MATERIAL, plaintext);

        assertThat(blob).hasSize(SymmetricCiphertextFormat.OVERHEAD + plaintext.length);
        assertThat(blob[0]).isEqualTo((byte) 0x02);
        assertThat(SymmetricCiphertextFormat.readHeader(blob)).isEqualTo(new CiphertextHeader(ACCOUNT, KEY, 3));
        assertThat(openAsDocumented(blob)).isEqualTo(plaintext);
        assertThat(SymmetricCiphertextFormat.open(blob, MATERIAL, CONTEXT)).isEqualTo(plaintext);
    }

    @Test
    void everySingleBitFlipFailsToAuthenticate() {
        byte[] blob = seal(MATERIAL, new byte[] {1, 2, 3});
        for (int index = 0; index < blob.length; index++) {
            byte[] tampered = blob.clone();
            tampered[index] ^= 0x10;
            assertThatThrownBy(() -> SymmetricCiphertextFormat.open(tampered, MATERIAL, CONTEXT)).as("byte %d", index)
                    .isInstanceOf(AuthenticationFailedException.class);
        }
        assertThatThrownBy(() -> SymmetricCiphertextFormat.open(blob, MATERIAL, Map.of()))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void aVersionOpensOnlyWithMaterialOfItsOwnLength() {
        SecretBytes aesMaterial = SymmetricMaterial.generate(Partition.AWS);
        byte[] sm4Blob = seal(MATERIAL, new byte[] {7});
        byte[] aesBlob = seal(aesMaterial, new byte[] {7});
        assertThat(aesBlob[0]).isEqualTo((byte) 0x01);

        assertThatThrownBy(() -> SymmetricCiphertextFormat.open(sm4Blob, aesMaterial, CONTEXT))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> SymmetricCiphertextFormat.open(aesBlob, MATERIAL, CONTEXT))
                .isInstanceOf(AuthenticationFailedException.class);
        byte[] relabelled = aesBlob.clone();
        relabelled[0] = 2;
        assertThatThrownBy(() -> SymmetricCiphertextFormat.open(relabelled, aesMaterial, CONTEXT))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> seal(SecretBytes.random(24), new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }

    /** Opens a version 2 blob by the class javadoc alone, with BouncyCastle's primitives. */
    private static byte[] openAsDocumented(byte[] blob) {
        byte[] info = new byte[21 + 34];
        System.arraycopy("meridian/symmetric/v2".getBytes(StandardCharsets.US_ASCII), 0, info, 0, 21);
        System.arraycopy(blob, 0, info, 21, 34);
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SM3Digest());
        hkdf.init(new HKDFParameters(MATERIAL.toByteArray(), Arrays.copyOfRange(blob, 34, 50), info));
        byte[] messageKey = new byte[16];
        hkdf.generateBytes(messageKey, 0, 16);
        byte[] context = EncryptionContextEncoding.encode(CONTEXT);
        byte[] associatedData = new byte[62 + context.length];
        System.arraycopy(blob, 0, associatedData, 0, 62);
        System.arraycopy(context, 0, associatedData, 62, context.length);
        GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
        gcm.init(false, new AEADParameters(new KeyParameter(messageKey), 128, Arrays.copyOfRange(blob, 50, 62),
                associatedData));
        byte[] output = new byte[gcm.getOutputSize(blob.length - 62)];
        try {
            int written = gcm.processBytes(blob, 62, blob.length - 62, output, 0);
            gcm.doFinal(output, written);
        } catch (org.bouncycastle.crypto.InvalidCipherTextException e) {
            throw new AssertionError("the documented layout does not open the blob", e);
        }
        return output;
    }
}
