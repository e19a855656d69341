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
    ENCRYPT("Encrypt"),
    /** {@code TrentService.Decrypt} of one ciphertext made by Encrypt before the run. */
    DECRYPT("Decrypt"),
    /** {@code TrentService.GenerateDataKey} with {@code KeySpec} {@code AES_256}. */
    GENERATE_DATA_KEY("GenerateDataKey"),
    /** {@code TrentService.CreateKey}: used for setup only. */
    CREATE_KEY("CreateKey");

    private static final String TARGET_PREFIX = "TrentService.";

    private final String operationName;

    KmsOperation(String operationName) {
        this.operationName = operationName;
    }

    /** Returns the operation name as AWS spells it, for example {@code GenerateDataKey}. */
    public String operationName() {
        return operationName;
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
