package dev.meridian.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's checks, made before any request is sent (the endpoint below has no server). */
class LoadGeneratorTest {
    private final StringWriter errors = new StringWriter();

    @Test
    void signingAndMacOperationsNeedAKeySpecOrAKeyId() {
        assertThat(execute("--operation", "Sign")).isEqualTo(2);
        assertThat(errors.toString()).contains("Sign needs --key-spec (the key to make) or --key-id");
    }

    @Test
    void theAlgorithmIsOnlyForSigningAndMacOperations() {
        assertThat(execute("--operation", "Encrypt", "--algorithm", "ECDSA_SHA_256")).isEqualTo(2);
        assertThat(errors.toString()).contains("--algorithm applies to Sign, Verify, GenerateMac and VerifyMac only");
    }

    @Test
    void encryptionOperationsTakeOnlySymmetricKeys() {
        assertThat(execute("--operation", "Decrypt", "--key-spec", "RSA_2048")).isEqualTo(2);
        assertThat(errors.toString()).contains("--key-spec of Decrypt must be SYMMETRIC_DEFAULT");
    }

    @Test
    void aKeySpecAndAKeyIdExcludeEachOther() {
        assertThat(execute("--operation", "GenerateMac", "--key-spec", "HMAC_256", "--key-id", "k")).isEqualTo(2);
        assertThat(errors.toString()).contains("--key-spec and --key-id exclude each other");
    }

    @Test
    void setupOperationsAreNoLoad() {
        assertThat(execute("--operation", "DescribeKey")).isEqualTo(2);
        assertThat(errors.toString()).contains("--operation must be Encrypt, Decrypt, GenerateDataKey, Sign, Verify,"
                + " GenerateMac, VerifyMac or CreateKey");
    }

    private int execute(String... arguments) {
        String[] all = new String[arguments.length + 2];
        all[0] = "--endpoint";
        all[1] = "http://127.0.0.1:9";
        System.arraycopy(arguments, 0, all, 2, arguments.length);
        return new CommandLine(new LoadGenerator()).setCaseInsensitiveEnumValuesAllowed(true)
                .setErr(new PrintWriter(errors, true))
                .execute(all);
    }
}
