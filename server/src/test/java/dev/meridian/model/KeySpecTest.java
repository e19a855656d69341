package dev.meridian.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The usages and algorithms of each key spec, as AWS's "Choosing a KMS key type" gives them. */
class KeySpecTest {

    @Test
    void rsaKeysEncryptOrSign() {
        assertThat(KeySpec.RSA_3072.usages()).containsExactly(KeyUsage.ENCRYPT_DECRYPT, KeyUsage.SIGN_VERIFY);
        assertThat(KeySpec.RSA_3072.algorithms(KeyUsage.ENCRYPT_DECRYPT))
                .containsExactly("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256");
        assertThat(KeySpec.RSA_2048.algorithms(KeyUsage.SIGN_VERIFY)).containsExactly("RSASSA_PKCS1_V1_5_SHA_256",
                "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512", "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384",
                "RSASSA_PSS_SHA_512");
        assertThat(KeySpec.RSA_4096.algorithms(KeyUsage.KEY_AGREEMENT)).isEmpty();
    }

    @Test
    void nistCurvesSignOrAgreeKeysAndTheOthersOnlySign() {
        for (KeySpec spec : new KeySpec[] {KeySpec.ECC_NIST_P256, KeySpec.ECC_NIST_P384, KeySpec.ECC_NIST_P521}) {
            assertThat(spec.usages()).containsExactly(KeyUsage.SIGN_VERIFY, KeyUsage.KEY_AGREEMENT);
            assertThat(spec.algorithms(KeyUsage.KEY_AGREEMENT)).containsExactly("ECDH");
        }
        assertThat(KeySpec.ECC_NIST_P384.algorithms(KeyUsage.SIGN_VERIFY)).containsExactly("ECDSA_SHA_384");
        assertThat(KeySpec.ECC_SECG_P256K1.usages()).containsExactly(KeyUsage.SIGN_VERIFY);
        assertThat(KeySpec.ECC_NIST_EDWARDS25519.algorithms(KeyUsage.SIGN_VERIFY))
                .containsExactly("ED25519_SHA_512", "ED25519_PH_SHA_512");
    }

    @Test
    void mlDsaKeysOnlySignWithShake256() {
        for (KeySpec spec : new KeySpec[] {KeySpec.ML_DSA_44, KeySpec.ML_DSA_65, KeySpec.ML_DSA_87}) {
            assertThat(spec.usages()).containsExactly(KeyUsage.SIGN_VERIFY);
            assertThat(spec.algorithms(KeyUsage.SIGN_VERIFY)).containsExactly("ML_DSA_SHAKE_256");
            assertThat(spec.isAsymmetric()).isTrue();
            assertThat(KeySpec.named(spec.name())).isEqualTo(spec);
        }
    }

    @Test
    void symmetricAndHmacKeysHaveOneUsageAndNoPublicKey() {
        assertThat(KeySpec.SYMMETRIC_DEFAULT.usages()).containsExactly(KeyUsage.ENCRYPT_DECRYPT);
        assertThat(KeySpec.SYMMETRIC_DEFAULT.algorithms(KeyUsage.ENCRYPT_DECRYPT)).containsExactly("SYMMETRIC_DEFAULT");
        assertThat(KeySpec.HMAC_384.usages()).containsExactly(KeyUsage.GENERATE_VERIFY_MAC);
        assertThat(KeySpec.HMAC_384.algorithms(KeyUsage.GENERATE_VERIFY_MAC)).containsExactly("HMAC_SHA_384");
        assertThat(KeySpec.SYMMETRIC_DEFAULT.isAsymmetric()).isFalse();
        assertThat(KeySpec.HMAC_224.isAsymmetric()).isFalse();
        assertThat(KeySpec.ECC_SECG_P256K1.isAsymmetric()).isTrue();
        assertThat(KeySpec.RSA_2048.isAsymmetric()).isTrue();
    }
}
