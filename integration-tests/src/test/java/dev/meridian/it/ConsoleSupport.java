package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;

/**
 * What the console API tests share: plain HTTP GETs of the API with parsed JSON answers, and the comparisons of
 * a key's tabs with what the KMS operations answer through the SDK.
 */
final class ConsoleSupport {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private ConsoleSupport() {
    }

    /** An answer of the console API: status and parsed body. */
    record Answer(int status, JsonNode body) {
    }

    static Answer get(String endpoint, String path) {
        return send(HttpRequest.newBuilder(URI.create(endpoint + path)).GET().build());
    }

    static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
            return new Answer(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A 200 answer's body. */
    static JsonNode ok(String endpoint, String path) {
        Answer answer = get(endpoint, path);
        assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(200);
        return answer.body();
    }

    static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static BigDecimal seconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    /** The texts of a JSON array. */
    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    /** The general tab against DescribeKey: the same members, values and optional members. */
    static void assertGeneral(JsonNode general, KeyMetadata metadata) {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("keyId", metadata.keyId());
        expected.put("arn", metadata.arn());
        expected.put("description", metadata.description());
        expected.put("keyState", metadata.keyStateAsString());
        expected.put("creationDate", seconds(metadata.creationDate()));
        if (metadata.deletionDate() != null) {
            expected.put("deletionDate", seconds(metadata.deletionDate()));
        }
        expected.put("enabled", metadata.enabled());
        expected.put("keyManager", metadata.keyManagerAsString());
        expected.put("origin", metadata.originAsString());
        if (metadata.expirationModel() != null) {
            expected.put("expirationModel", metadata.expirationModelAsString());
        }
        if (metadata.validTo() != null) {
            expected.put("validTo", seconds(metadata.validTo()));
        }
        if (metadata.currentKeyMaterialId() != null) {
            expected.put("currentKeyMaterialId", metadata.currentKeyMaterialId());
        }
        assertThat(flat(general)).isEqualTo(flat(JSON.valueToTree(expected)));
    }

    /** An object's members as text, numbers in one form (1.50 and 1.5 alike), in their order. */
    static Map<String, String> flat(JsonNode object) {
        Map<String, String> members = new LinkedHashMap<>();
        object.properties().forEach(member -> members.put(member.getKey(), member.getValue().isNumber()
                ? member.getValue().decimalValue().stripTrailingZeros().toPlainString() : member.getValue().asText()));
        return members;
    }

    /** The rotation tab against GetKeyRotationStatus and ListKeyRotations. */
    static void assertRotation(JsonNode rotation, KmsClient client, String keyId) {
        GetKeyRotationStatusResponse status = client.getKeyRotationStatus(request -> request.keyId(keyId));
        assertThat(rotation.get("enabled").asBoolean()).isEqualTo(status.keyRotationEnabled());
        assertThat(rotation.has("rotationPeriodInDays")).isEqualTo(status.rotationPeriodInDays() != null);
        if (status.rotationPeriodInDays() != null) {
            assertThat(rotation.get("rotationPeriodInDays").asInt()).isEqualTo(status.rotationPeriodInDays());
            assertThat(rotation.get("nextRotationDate").decimalValue())
                    .isEqualByComparingTo(seconds(status.nextRotationDate()));
        }
        List<RotationsListEntry> rotations = client.listKeyRotationsPaginator(request -> request.keyId(keyId))
                .rotations().stream().toList();
        assertThat(rotation.get("rotations")).hasSize(rotations.size());
        for (int index = 0; index < rotations.size(); index++) {
            JsonNode entry = rotation.get("rotations").get(index);
            assertThat(entry.get("keyMaterialId").asText()).isEqualTo(rotations.get(index).keyMaterialId());
            assertThat(entry.get("rotationDate").decimalValue())
                    .isEqualByComparingTo(seconds(rotations.get(index).rotationDate()));
            assertThat(entry.get("rotationType").asText()).isEqualTo(rotations.get(index).rotationTypeAsString());
        }
    }

    /** The aliases tab against ListAliases of the key. */
    static void assertAliases(JsonNode aliases, KmsClient client, String keyId) {
        List<AliasListEntry> listed = client.listAliasesPaginator(request -> request.keyId(keyId)).aliases().stream()
                .toList();
        assertThat(aliases).hasSize(listed.size());
        for (int index = 0; index < listed.size(); index++) {
            JsonNode alias = aliases.get(index);
            assertThat(alias.get("aliasName").asText()).isEqualTo(listed.get(index).aliasName());
            assertThat(alias.get("aliasArn").asText()).isEqualTo(listed.get(index).aliasArn());
            assertThat(alias.get("creationDate").decimalValue())
                    .isEqualByComparingTo(seconds(listed.get(index).creationDate()));
        }
    }
}
