package dev.meridian.it;

import static dev.meridian.it.WireHttp.AUTHORIZATION;
import static dev.meridian.it.WireHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.testkit.EmbeddedMeridian;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input on the wire, sent as raw HTTP: every refusal is an AWS JSON error with the right type, message and status. */
class WireIT {
    private static final String ENCRYPT_BODY = "{\"KeyId\":\"alias/x\",\"Plaintext\":\"AAEC\"}";
    private static EmbeddedMeridian server;
    private static WireHttp http;

    @BeforeAll
    static void start() {
        server = EmbeddedMeridian.start();
        http = new WireHttp(server.endpoint());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WireHttp.Answer withHeaders(String target, String body, String... headers) {
        Map<String, String> map = new HashMap<>();
        for (int index = 0; index < headers.length; index += 2) {
            map.put(headers[index], headers[index + 1]);
        }
        return http.send(http.request(target, BodyPublishers.ofString(body), map));
    }

    private static WireHttp.Answer withAuthorization(String authorization) {
        return withHeaders("TrentService.ListKeys", "{}", "Authorization", authorization);
    }

    @Test
    void anUnknownOrMissingTargetIsUnknownOperation() {
        assertError(http.post("Nope", "{}"), 400, "UnknownOperationException", null);
        assertError(http.post("encrypt", "{}"), 400, "UnknownOperationException", null);
        assertError(withHeaders("Other.Encrypt", "{}"), 400, "UnknownOperationException", null);
        assertError(withHeaders(null, "{}"), 400, "UnknownOperationException", null);
    }

    @Test
    void anErrorAwsSendsWithoutAMessageHasNoMessageMember() {
        WireHttp.Answer decrypt = http.post("Decrypt", "{\"CiphertextBlob\":\"AAECAwQFBgcICQ==\"}");
        assertError(decrypt, 400, "InvalidCiphertextException", null);
        assertThat(decrypt.text()).isEqualTo("{\"__type\":\"InvalidCiphertextException\"}");
        WireHttp.Answer policy = http.post("CreateKey", "{\"Policy\":\"not a real policy statement\"}");
        assertError(policy, 400, "MalformedPolicyDocumentException", null);
        assertThat(policy.text()).isEqualTo("{\"__type\":\"MalformedPolicyDocumentException\"}");
    }

    @Test
    void aGetIsAJsonError() {
        WireHttp.Answer answer = http.send(http.request("TrentService.ListKeys", BodyPublishers.noBody(), Map.of()).GET());
        assertError(answer, 404, "UnknownOperationException", null);
    }

    @Test
    void aMissingAuthorizationHeaderIsMissingAuthenticationToken() {
        assertError(withHeaders("TrentService.ListKeys", "{}", "Authorization", null), 400,
                "MissingAuthenticationTokenException", "Request is missing Authentication Token");
        assertError(withAuthorization(" "), 400, "MissingAuthenticationTokenException", "Request is missing Authentication Token");
    }

    @Test
    void anAuthorizationHeaderMissingPartsIsIncompleteSignature() {
        String onlyCredential = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/kms/aws4_request";
        assertError(withAuthorization(onlyCredential), 400, "IncompleteSignatureException",
                "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."
                        + " Authorization=" + onlyCredential);
        String noCredential = "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=00";
        assertError(withAuthorization(noCredential), 400, "IncompleteSignatureException",
                "Authorization header requires 'Credential' parameter. Authorization=" + noCredential);
        assertError(withHeaders("TrentService.ListKeys", "{}", "X-Amz-Date", null), 400, "IncompleteSignatureException",
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + AUTHORIZATION);
        String noEquals = "AWS4-HMAC-SHA256 Credential, SignedHeaders=host, Signature=00";
        assertError(withAuthorization(noEquals), 400, "IncompleteSignatureException",
                "'Credential' not a valid key=value pair (missing equal-sign) in Authorization header: '" + noEquals + "'.");
        assertError(withAuthorization("Bearer abc"), 400, "IncompleteSignatureException",
                "Unsupported authorization type. Authorization=Bearer abc");
    }

    @Test
    void aCredentialScopeWithABadRegionOrServiceIsAnInvalidSignature() {
        for (String region : new String[] {"not_a_region", "EU-WEST-1", "", "moon"}) {
            assertError(withAuthorization(AUTHORIZATION.replace("us-east-1", region)), 400, "InvalidSignatureException",
                    "Credential should be scoped to a valid region. ");
        }
        assertError(withAuthorization(AUTHORIZATION.replace("/kms/", "/s3/")), 400, "InvalidSignatureException",
                "Credential should be scoped to correct service: 'kms'. ");
        assertError(withAuthorization(AUTHORIZATION.replace("/aws4_request", "")), 400, "InvalidSignatureException",
                "Credential should be scoped to a valid region. ");
    }

    @Test
    void bodiesThatAreNotAJsonObjectAreSerializationErrors() {
        assertError(http.post("ListKeys", "{"), 400, "SerializationException", "The request body is not valid JSON.");
        assertError(http.post("ListKeys", "{\"Limit\":1}}"), 400, "SerializationException", "The request body is not valid JSON.");
        assertError(http.post("ListKeys", "not json"), 400, "SerializationException", "The request body is not valid JSON.");
        for (String body : new String[] {"[]", "42", "\"text\"", "null", "true"}) {
            assertError(http.post("ListKeys", body), 400, "SerializationException", "The request body must be a JSON object.");
        }
        assertError(http.post("ListKeys", ""), 400, "SerializationException", "The request body is missing.");
    }

    @Test
    void theParserIsBoundedForHostileBodies() {
        String nested63 = "[".repeat(63) + "]".repeat(63);
        WireHttp.assertOk(http.post("ListKeys", "{\"Unknown\":" + nested63 + "}"));
        assertError(http.post("ListKeys", "{\"Unknown\":[" + nested63 + "]}"), 400, "SerializationException",
                "The request body is not valid JSON.");
        WireHttp.assertOk(http.post("ListKeys", "{\"Unknown\":1" + "0".repeat(99) + "}"));
        assertError(http.post("ListKeys", "{\"Unknown\":1" + "0".repeat(100) + "}"), 400, "SerializationException",
                "The request body is not valid JSON.");
        assertError(http.post("ListKeys", "{\"Limit\":1e100000000}"), 400, "SerializationException",
                "NUMBER_VALUE cannot be converted to Integer");
    }

    @Test
    void membersOfTheWrongTypeAreSerializationErrors() {
        assertError(http.post("Encrypt", "{\"KeyId\":5,\"Plaintext\":\"AAEC\"}"), 400, "SerializationException",
                "NUMBER_VALUE cannot be converted to String");
        assertError(http.post("Encrypt", "{\"KeyId\":true,\"Plaintext\":\"AAEC\"}"), 400, "SerializationException",
                "TRUE_VALUE cannot be converted to String");
        assertError(http.post("Encrypt", "{\"KeyId\":{},\"Plaintext\":\"AAEC\"}"), 400, "SerializationException",
                "Start of structure or map found where not expected");
        assertError(http.post("Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":7}"), 400, "SerializationException",
                "only base-64-encoded strings are convertible to bytes");
        assertError(http.post("GenerateRandom", "{\"NumberOfBytes\":\"32\"}"), 400, "SerializationException",
                "STRING_VALUE cannot be converted to Integer");
        assertError(http.post("GenerateRandom", "{\"NumberOfBytes\":4294967296}"), 400, "SerializationException",
                "NUMBER_VALUE cannot be converted to Integer");
        assertError(http.post("ListKeys", "{\"Limit\":[1]}"), 400, "SerializationException",
                "Unrecognized collection type class java.lang.Integer");
    }

    @Test
    void invalidBase64InABlobIsASerializationError() {
        assertError(http.post("Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":\"abc\"}"), 400, "SerializationException",
                "Base64 encoded length is expected a multiple of 4 bytes but found: 3");
        assertError(http.post("Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":\"ab$=\"}"), 400, "SerializationException",
                "Invalid Base64 character: '$'");
        assertError(http.post("Decrypt", "{\"CiphertextBlob\":\"AB==\"}"), 400, "SerializationException",
                "Invalid last non-pad Base64 character dectected");
    }

    @Test
    void aBodyOverOneMebibyteIsRefusedWithJson() {
        byte[] body = new byte[1024 * 1024 + 1];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[body.length - 1] = '}';
        WireHttp.Answer answer = http.send(http.request("TrentService.ListKeys", BodyPublishers.ofByteArray(body), Map.of()));
        assertError(answer, 413, "RequestEntityTooLargeException", "The request body must not exceed 1048576 bytes.");

        byte[] fits = Arrays.copyOf(body, 1024 * 1024);
        fits[fits.length - 1] = '}';
        WireHttp.Answer accepted = http.send(http.request("TrentService.ListKeys", BodyPublishers.ofByteArray(fits), Map.of()));
        WireHttp.assertOk(accepted);
    }

    @Test
    void operationsNotImplementedYetAreUnsupported() {
        assertError(http.post("DescribeCustomKeyStores", "{}"), 400, "UnsupportedOperationException",
                "DescribeCustomKeyStores is not supported by Meridian yet.");
    }

    @Test
    void modelValidationComesBeforeTheOperation() {
        assertError(http.post("Encrypt", "{\"Plaintext\":\"AAEC\"}"), 400, "ValidationException",
                "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
        assertError(http.post("Decrypt", "{}"), 400, "ValidationException",
                "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
        assertError(http.post("Encrypt", ENCRYPT_BODY), 400, "NotFoundException",
                "Alias arn:aws:kms:us-east-1:111122223333:alias/x is not found.");
    }
}
