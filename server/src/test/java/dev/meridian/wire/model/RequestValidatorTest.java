package dev.meridian.wire.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ServiceModel MODEL = ServiceModel.loadDefault();
    private static final String VALID_KEY = "1234abcd-12ab-34cd-56ef-1234567890ab";

    @Test
    void acceptsAValidEncryptRequest() {
        assertValid("Encrypt", """
                {"KeyId": "%s", "Plaintext": "aGVsbG8=", "EncryptionContext": {"purpose": "test"},
                 "GrantTokens": ["token"], "EncryptionAlgorithm": "SYMMETRIC_DEFAULT", "DryRun": false}
                """.formatted(VALID_KEY));
    }

    @Test
    void ignoresUnknownMembersWhateverTheirType() {
        assertValid("Encrypt", """
                {"KeyId": "%s", "Plaintext": "aGVsbG8=", "Unknown": {"nested": [1, 2]}, "keyId": 5}
                """.formatted(VALID_KEY));
    }

    @Test
    void treatsJsonNullAsAnAbsentMember() {
        assertValid("Encrypt", """
                {"KeyId": "%s", "Plaintext": "aGVsbG8=", "EncryptionContext": null, "DryRun": null}
                """.formatted(VALID_KEY));
        assertValidationError("Encrypt", "{\"KeyId\": null, \"Plaintext\": \"aGVsbG8=\"}",
                "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void treatsAMissingBodyAsAnEmptyObject() {
        assertThatCode(() -> RequestValidator.validate(operation("ListKeys"), null)).doesNotThrowAnyException();
        assertThatCode(() -> RequestValidator.validate(operation("GenerateRandom"), JSON.missingNode()))
                .doesNotThrowAnyException();
        assertThat(validationFailure("Encrypt", JSON.nullNode()).getMessage()).startsWith("2 validation errors detected: ");
    }

    @Test
    void namesMapValuesWithTheirKey() {
        assertValidationError("Encrypt", "{\"KeyId\": \"k\", \"Plaintext\": \"aGk=\", \"EncryptionContext\": {\"purpose\": null}}",
                "1 validation error detected: Value null at 'encryptionContext.purpose.member' failed to satisfy constraint: "
                        + "Member must not be null");
        assertSerializationError("Encrypt", "{\"KeyId\": \"k\", \"Plaintext\": \"aGk=\", \"EncryptionContext\": {\"purpose\": 1}}",
                "NUMBER_VALUE cannot be converted to String");
    }

    @Test
    void validatesFromManyThreadsAtOnce() throws Exception {
        JsonNode valid = parse(body(VALID_KEY, "aGVsbG8="));
        JsonNode invalid = parse("{\"KeyId\": \"\", \"Plaintext\": \"aGVsbG8=\"}");
        String expected = "1 validation error detected: Value '' at 'keyId' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 1";
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int task = 0; task < 8; task++) {
                results.add(threads.submit(() -> {
                    for (int round = 0; round < 2_000; round++) {
                        RequestValidator.validate(operation("Encrypt"), valid);
                        InvalidRequestException error = catchThrowableOfType(InvalidRequestException.class,
                                () -> RequestValidator.validate(operation("Encrypt"), invalid));
                        assertThat(error.getMessage()).isEqualTo(expected);
                    }
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void reportsAMissingRequiredMember() {
        assertValidationError("Encrypt", "{\"Plaintext\": \"aGVsbG8=\"}",
                "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void joinsSeveralViolationsInModelMemberOrder() {
        assertValidationError("Encrypt", "{}",
                "2 validation errors detected: "
                        + "Value null at 'keyId' failed to satisfy constraint: Member must not be null; "
                        + "Value null at 'plaintext' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void measuresBlobsInDecodedBytesAndNeverPrintsSensitiveValues() {
        String tooLong = Base64.getEncoder().encodeToString(new byte[4097]);
        assertValidationError("Encrypt", body(VALID_KEY, tooLong),
                "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 4096");
        assertValid("Encrypt", body(VALID_KEY, Base64.getEncoder().encodeToString(new byte[4096])));
        assertValidationError("Encrypt", body(VALID_KEY, ""),
                "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 1");
    }

    @Test
    void printsStringValuesThatBreakALength() {
        String longKeyId = "k".repeat(2049);
        assertValidationError("Encrypt", body(longKeyId, "aGVsbG8="),
                "1 validation error detected: Value '" + longKeyId + "' at 'keyId' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 2048");
    }

    @Test
    void hidesTheValueOfASensitiveString() {
        assertValidationError("CreateCustomKeyStore", "{\"CustomKeyStoreName\": \"store\", \"KeyStorePassword\": \"abc\"}",
                "1 validation error detected: Value at 'keyStorePassword' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 7");
    }

    @Test
    void checksTheRangeOfIntegers() {
        assertValidationError("GenerateDataKey", "{\"KeyId\": \"" + VALID_KEY + "\", \"NumberOfBytes\": 5000}",
                "1 validation error detected: Value '5000' at 'numberOfBytes' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 1024");
        assertValidationError("GenerateDataKey", "{\"KeyId\": \"" + VALID_KEY + "\", \"NumberOfBytes\": 0}",
                "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 1");
        assertValid("GenerateDataKey", "{\"KeyId\": \"" + VALID_KEY + "\", \"NumberOfBytes\": 1024}");
    }

    @Test
    void truncatesDecimalsForIntegersAndRejectsNumbersOutOfRange() {
        assertValid("GenerateDataKey", "{\"KeyId\": \"" + VALID_KEY + "\", \"NumberOfBytes\": 32.9}");
        assertValidationError("ListKeys", "{\"Limit\": 0.5}",
                "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 1");
        assertSerializationError("ListKeys", "{\"Limit\": 2147483648}", "NUMBER_VALUE cannot be converted to Integer");
    }

    @Test
    void reportsAValueOutsideTheEnumInModelOrder() {
        assertValidationError("CreateKey", "{\"KeySpec\": \"AES_256\"}",
                "1 validation error detected: Value 'AES_256' at 'keySpec' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, "
                        + "ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1, SYMMETRIC_DEFAULT, HMAC_224, HMAC_256, "
                        + "HMAC_384, HMAC_512, SM2, ML_DSA_44, ML_DSA_65, ML_DSA_87, ECC_NIST_EDWARDS25519]");
    }

    @Test
    void reportsAPatternFailure() {
        assertValidationError("CreateAlias", "{\"AliasName\": \"alias/bad name!\", \"TargetKeyId\": \"" + VALID_KEY + "\"}",
                "1 validation error detected: Value 'alias/bad name!' at 'aliasName' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
        assertValid("CreateAlias", "{\"AliasName\": \"alias/good-name_1\", \"TargetKeyId\": \"" + VALID_KEY + "\"}");
    }

    @Test
    void reportsEveryConstraintOneValueBreaks() {
        assertValidationError("CreateAlias", "{\"AliasName\": \"\", \"TargetKeyId\": \"" + VALID_KEY + "\"}",
                "2 validation errors detected: "
                        + "Value '' at 'aliasName' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$; "
                        + "Value '' at 'aliasName' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 1");
    }

    @Test
    void namesListElementsWithTheirOneBasedIndex() {
        assertValidationError("CreateKey", "{\"Tags\": [{\"TagKey\": \"a\", \"TagValue\": \"b\"}, {\"TagKey\": \"c\"}]}",
                "1 validation error detected: Value null at 'tags.2.member.tagValue' failed to satisfy constraint: "
                        + "Member must not be null");
        assertValidationError("Encrypt", "{\"KeyId\": \"" + VALID_KEY + "\", \"Plaintext\": \"aGk=\", \"GrantTokens\": [\"a\", \"\"]}",
                "1 validation error detected: Value '' at 'grantTokens.2.member' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 1");
    }

    @Test
    void printsAListOfStringsThatIsTooLong() {
        ObjectNode request = JSON.createObjectNode().put("KeyId", VALID_KEY).put("Plaintext", "aGk=");
        ArrayNode tokens = request.putArray("GrantTokens");
        for (int index = 1; index <= 11; index++) {
            tokens.add("t" + index);
        }
        InvalidRequestException error = validationFailure("Encrypt", request);
        assertThat(error.getMessage()).isEqualTo("1 validation error detected: "
                + "Value '[t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11]' at 'grantTokens' failed to satisfy constraint: "
                + "Member must have length less than or equal to 10");
    }

    @Test
    void reportsAtMostTenViolations() {
        ObjectNode request = JSON.createObjectNode();
        ArrayNode tags = request.putArray("Tags");
        for (int index = 0; index < 12; index++) {
            tags.addObject().put("TagKey", "key" + index);
        }
        InvalidRequestException error = validationFailure("CreateKey", request);
        assertThat(error.getMessage()).startsWith("10 validation errors detected: "
                + "Value null at 'tags.1.member.tagValue' failed to satisfy constraint: Member must not be null; ");
        assertThat(error.getMessage().split("; ")).hasSize(10);
        assertThat(error.getMessage()).endsWith("'tags.10.member.tagValue' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void reportsWrongJsonTypesAsSerializationErrors() {
        assertSerializationError("Encrypt", "{\"KeyId\": 5, \"Plaintext\": \"aGk=\"}", "NUMBER_VALUE cannot be converted to String");
        assertSerializationError("Encrypt", "{\"KeyId\": 1.5, \"Plaintext\": \"aGk=\"}", "DECIMAL_VALUE cannot be converted to String");
        assertSerializationError("Encrypt", "{\"KeyId\": true, \"Plaintext\": \"aGk=\"}", "TRUE_VALUE cannot be converted to String");
        assertSerializationError("Encrypt", "{\"KeyId\": {}, \"Plaintext\": \"aGk=\"}",
                "Start of structure or map found where not expected");
        assertSerializationError("Encrypt", "{\"KeyId\": [], \"Plaintext\": \"aGk=\"}",
                "Unrecognized collection type class java.lang.String");
        assertSerializationError("GenerateDataKey", "{\"KeyId\": \"k\", \"NumberOfBytes\": \"32\"}",
                "STRING_VALUE cannot be converted to Integer");
        assertSerializationError("Encrypt", "{\"KeyId\": \"k\", \"Plaintext\": \"aGk=\", \"DryRun\": \"true\"}",
                "Unexpected token received from parser");
        assertSerializationError("Encrypt", "{\"KeyId\": \"k\", \"Plaintext\": 12}",
                "only base-64-encoded strings are convertible to bytes");
        assertSerializationError("Encrypt", "{\"KeyId\": \"k\", \"Plaintext\": \"aGk=\", \"GrantTokens\": \"t\"}",
                "Unexpected field type");
        assertSerializationError("Encrypt", "{\"KeyId\": \"k\", \"Plaintext\": \"aGk=\", \"EncryptionContext\": []}",
                "Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>");
        assertSerializationError("CreateKey", "{\"Tags\": [\"tag\"]}", "Unexpected value type in payload");
        assertSerializationError("ImportKeyMaterial",
                "{\"KeyId\": \"k\", \"ImportToken\": \"aGk=\", \"EncryptedKeyMaterial\": \"aGk=\", \"ValidTo\": true}",
                "TRUE_VALUE can not be converted to milliseconds since epoch");
    }

    @Test
    void acceptsTimestampsAsEpochSecondsWithFractions() {
        for (String seconds : new String[] {"1700000000", "1700000000.5", "1.7e9", "-1", "0.0001", "9223372036854775"}) {
            assertValid("ImportKeyMaterial", importWithValidTo(seconds));
        }
    }

    @Test
    void refusesTimestampsThatAreStringsAsAwsDeserializerDoes() {
        for (String text : new String[] {"\"1700000000\"", "\"2030-01-01T00:00:00Z\"", "\"1e100000000\"", "\"\""}) {
            assertSerializationError("ImportKeyMaterial", importWithValidTo(text),
                    "STRING_VALUE can not be converted to milliseconds since epoch");
        }
    }

    @Test
    void refusesTimestampsOutOfRangeAtOnceWhateverTheirExponent() {
        for (String number : new String[] {"1e309", "-1e309", "1e100000000", "-1e100000000", "9.3e15"}) {
            assertSerializationError("ImportKeyMaterial", importWithValidTo(number),
                    "DECIMAL_VALUE can not be converted to milliseconds since epoch");
        }
        for (String number : new String[] {"9223372036854776", "-9223372036854776", "123456789012345678901234567890"}) {
            assertSerializationError("ImportKeyMaterial", importWithValidTo(number),
                    "NUMBER_VALUE can not be converted to milliseconds since epoch");
        }
        // A tiny exponent is a number close to zero, not a slow one.
        assertValid("ImportKeyMaterial", importWithValidTo("1e-100000000"));
    }

    @Test
    void readsTimestampsToTheMillisecondRoundingDown() throws JsonProcessingException {
        assertThat(EpochSeconds.instantOrNull(JSON.readTree("1700000000.123"))).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
        assertThat(EpochSeconds.instantOrNull(JSON.readTree("1700000000.1239"))).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
        assertThat(EpochSeconds.instantOrNull(JSON.readTree("-0.0005"))).isEqualTo(Instant.ofEpochMilli(-1));
        assertThat(EpochSeconds.instantOrNull(JSON.readTree("1e-100000000"))).isEqualTo(Instant.EPOCH);
        assertThat(EpochSeconds.instantOrNull(JSON.readTree("-9223372036854775"))).isEqualTo(Instant.ofEpochSecond(-9223372036854775L));
        assertThat(EpochSeconds.instantOrNull(JSON.readTree("\"1700000000\""))).isNull();
        assertThat(EpochSeconds.instantOrNull(JSON.readTree("-9223372036854775808"))).isNull();
        assertThat(EpochSeconds.instantOrNull(JSON.readTree("1e309"))).isNull();
        // Exact decimals (a parser set to read them) are bounded the same way.
        assertThat(EpochSeconds.instantOrNull(DecimalNode.valueOf(new BigDecimal("1e100000000")))).isNull();
        assertThat(EpochSeconds.instantOrNull(DecimalNode.valueOf(new BigDecimal("1e-100000000")))).isEqualTo(Instant.EPOCH);
        assertThat(EpochSeconds.instantOrNull(DecimalNode.valueOf(new BigDecimal("1700000000.25"))))
                .isEqualTo(Instant.ofEpochMilli(1_700_000_000_250L));
    }

    private static String importWithValidTo(String validTo) {
        return "{\"KeyId\": \"k\", \"ImportToken\": \"aGk=\", \"EncryptedKeyMaterial\": \"aGk=\", \"ValidTo\": " + validTo + "}";
    }

    @Test
    void rejectsABodyThatIsNoObject() {
        assertSerializationError("Encrypt", "[]", "Unrecognized collection type class EncryptRequest");
        assertSerializationError("Encrypt", "\"text\"", "Unexpected value type in payload");
    }

    @Test
    void letsATypeErrorWinOverViolationsFoundBeforeIt() {
        assertSerializationError("Encrypt", "{\"Plaintext\": \"\", \"GrantTokens\": 5}", "Unexpected field type");
    }

    @Test
    void rejectsInvalidBase64AsSerializationErrors() {
        assertSerializationError("Encrypt", body(VALID_KEY, "aGVsbG8"),
                "Base64 encoded length is expected a multiple of 4 bytes but found: 7");
        assertSerializationError("Encrypt", body(VALID_KEY, "aGV!bG8="), "Invalid Base64 character: '!'");
        assertSerializationError("Encrypt", body(VALID_KEY, "=+/="), "Invalid last non-pad Base64 character dectected");
        assertSerializationError("Encrypt", body(VALID_KEY, "+/+="), "Invalid last non-pad Base64 character dectected");
        assertSerializationError("Encrypt", body(VALID_KEY, "a==="), "Invalid last non-pad Base64 character dectected");
        assertValid("Encrypt", body(VALID_KEY, "+/8="));
    }

    @Test
    void carriesNoStackTrace() {
        InvalidRequestException error = validationFailure("Encrypt", JSON.createObjectNode());
        assertThat(error.getStackTrace()).isEmpty();
        assertThat(error.errorType()).isEqualTo(InvalidRequestException.VALIDATION);
    }

    private static String body(String keyId, String plaintext) {
        return "{\"KeyId\": \"" + keyId + "\", \"Plaintext\": \"" + plaintext + "\"}";
    }

    private static OperationModel operation(String name) {
        return MODEL.operation(name).orElseThrow();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException invalid) {
            throw new IllegalArgumentException(invalid);
        }
    }

    private static void assertValid(String operationName, String json) {
        assertThatCode(() -> RequestValidator.validate(operation(operationName), parse(json))).doesNotThrowAnyException();
    }

    private static InvalidRequestException validationFailure(String operationName, JsonNode body) {
        InvalidRequestException error = catchThrowableOfType(InvalidRequestException.class,
                () -> RequestValidator.validate(operation(operationName), body));
        assertThat(error).as("expected the request to be rejected").isNotNull();
        return error;
    }

    private static void assertValidationError(String operationName, String json, String message) {
        InvalidRequestException error = validationFailure(operationName, parse(json));
        assertThat(error.errorType()).isEqualTo("ValidationException");
        assertThat(error.getMessage()).isEqualTo(message);
    }

    private static void assertSerializationError(String operationName, String json, String message) {
        InvalidRequestException error = validationFailure(operationName, parse(json));
        assertThat(error.errorType()).isEqualTo("SerializationException");
        assertThat(error.getMessage()).isEqualTo(message);
    }
}
