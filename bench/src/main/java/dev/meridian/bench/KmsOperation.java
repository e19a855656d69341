package dev.meridian.bench;

import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The KMS operations the load generator can drive, each named as in the {@code X-Amz-Target}
 * header ({@code TrentService.<name>}).
 */
public enum KmsOperation {
    /** {@code TrentService.Encrypt} of a random plaintext. */
    ENCRYPT("Encrypt", "ENCRYPT_DECRYPT"),
    /** {@code TrentService.Decrypt} of one ciphertext made by Encrypt before the run. */
    DECRYPT("Decrypt", "ENCRYPT_DECRYPT"),
    /** {@code TrentService.GenerateDataKey} with {@code KeySpec} {@code AES_256}. */
    GENERATE_DATA_KEY("GenerateDataKey", "ENCRYPT_DECRYPT"),
    /** {@code TrentService.Sign} of a random RAW message. */
    SIGN("Sign", "SIGN_VERIFY"),
    /** {@code TrentService.Verify} of one signature made by Sign before the run. */
    VERIFY("Verify", "SIGN_VERIFY"),
    /** {@code TrentService.GenerateMac} of a random message. */
    GENERATE_MAC("GenerateMac", "GENERATE_VERIFY_MAC"),
    /** {@code TrentService.VerifyMac} of one MAC made by GenerateMac before the run. */
    VERIFY_MAC("VerifyMac", "GENERATE_VERIFY_MAC"),
    /**
     * {@code TrentService.CreateKey} with an empty body: each request makes a symmetric key (the rate of a write
     * that commits to the store); also used for setup.
     */
    CREATE_KEY("CreateKey", "ENCRYPT_DECRYPT"),
    /** {@code TrentService.DescribeKey}: used for setup only. */
    DESCRIBE_KEY("DescribeKey", null);

    private static final String TARGET_PREFIX = "TrentService.";

    private final String operationName;
    private final String keyUsage;

    KmsOperation(String operationName, String keyUsage) {
        this.operationName = operationName;
        this.keyUsage = keyUsage;
    }

    /** Returns the operation name as AWS spells it, for example {@code GenerateDataKey}. */
    public String operationName() {
        return operationName;
    }

    /**
     * Returns the {@code KeyUsage} a key needs for this operation ({@code ENCRYPT_DECRYPT}, {@code SIGN_VERIFY} or
     * {@code GENERATE_VERIFY_MAC}), or {@code null} for the setup-only operations.
     */
    public String keyUsage() {
        return keyUsage;
    }

    /** Returns whether the load generator can drive this operation (every one but the setup-only ones). */
    public boolean isLoadOperation() {
        return keyUsage != null;
    }

    /**
     * Returns the {@code KeyMetadata} field that lists the key's algorithms for this operation
     * ({@code SigningAlgorithms} or {@code MacAlgorithms}), or {@code null} when the request names no algorithm.
     */
    public String algorithmsField() {
        return switch (this) {
            case SIGN, VERIFY -> "SigningAlgorithms";
            case GENERATE_MAC, VERIFY_MAC -> "MacAlgorithms";
            default -> null;
        };
    }

    /** Returns the value of the {@code X-Amz-Target} header, for example {@code TrentService.Encrypt}. */
    public String target() {
        return TARGET_PREFIX + operationName;
    }

    /**
     * Finds the operation with the given AWS name (case-insensitive); also accepts the
     * {@code TrentService.} prefix.
     */
    public static KmsOperation fromOperationName(String text) {
        String name = text.startsWith(TARGET_PREFIX) ? text.substring(TARGET_PREFIX.length()) : text;
        for (KmsOperation operation : values()) {
            if (operation.operationName.equalsIgnoreCase(name) || operation.name().equalsIgnoreCase(name)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("unknown operation '" + text + "'; expected one of "
                + Arrays.stream(values()).map(KmsOperation::operationName).collect(Collectors.joining(", ")));
    }

    /** Picocli converter that accepts the AWS operation names. */
    public static final class Converter implements ITypeConverter<KmsOperation> {
        @Override
        public KmsOperation convert(String value) {
            try {
                return fromOperationName(value);
            } catch (IllegalArgumentException exception) {
                throw new TypeConversionException(exception.getMessage());
            }
        }
    }
}
