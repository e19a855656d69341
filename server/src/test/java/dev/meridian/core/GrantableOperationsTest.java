package dev.meridian.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyUsage;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The grant operations of every key spec and usage, against AWS's "Key type reference" table. */
class GrantableOperationsTest {
    private static final Set<String> EVERY_KEY = Set.of("CreateGrant", "RetireGrant", "DescribeKey");

    @Test
    void aSymmetricEncryptionKeyTakesTheSymmetricOperationsAndTheDataKeyPairs() {
        assertThat(GrantableOperations.of(KeySpec.SYMMETRIC_DEFAULT, KeyUsage.ENCRYPT_DECRYPT))
                .containsExactlyInAnyOrderElementsOf(with("Decrypt", "Encrypt", "GenerateDataKey",
                        "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
                        "ReEncryptFrom", "ReEncryptTo"));
        assertThat(GrantableOperations.takesEncryptionContextConstraints(KeySpec.SYMMETRIC_DEFAULT,
                KeyUsage.ENCRYPT_DECRYPT)).isTrue();
    }

    @Test
    void everyOtherKeyTakesItsUsagesOperationsAndNoEncryptionContextConstraint() {
        int checked = 0;
        for (KeySpec spec : EnumSet.complementOf(EnumSet.of(KeySpec.SYMMETRIC_DEFAULT))) {
            for (KeyUsage usage : spec.usages()) {
                Set<String> expected = switch (usage) {
                    case ENCRYPT_DECRYPT -> with("Decrypt", "Encrypt", "ReEncryptFrom", "ReEncryptTo", "GetPublicKey");
                    case SIGN_VERIFY -> with("Sign", "Verify", "GetPublicKey");
                    case KEY_AGREEMENT -> with("DeriveSharedSecret", "GetPublicKey");
                    case GENERATE_VERIFY_MAC -> with("GenerateMac", "VerifyMac");
                    default -> EVERY_KEY;
                };
                assertThat(GrantableOperations.of(spec, usage)).as("%s %s", spec, usage)
                        .containsExactlyInAnyOrderElementsOf(expected)
                        .doesNotContain("GenerateDataKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext");
                assertThat(GrantableOperations.takesEncryptionContextConstraints(spec, usage)).as("%s %s", spec, usage)
                        .isFalse();
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(15);
    }

    private static Set<String> with(String... operations) {
        Set<String> all = new java.util.HashSet<>(EVERY_KEY);
        all.addAll(Set.of(operations));
        return all;
    }
}
