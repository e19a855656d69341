package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/** Raw HTTP to a Meridian endpoint, with nothing signed: what the wire tests send and how they read answers. */
final class WireHttp {
    static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/kms/aws4_request,"
            + " SignedHeaders=host;x-amz-date, Signature=00";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI endpoint;

    /** One answer: status, content type and the parsed body. */
    record Answer(int status, String contentType, String text, JsonNode body) {
    }

    WireHttp(String endpoint) {
        this.endpoint = URI.create(endpoint + "/");
    }

    /** A signed-looking request; {@code headers} may override or, with a null value, remove the defaults. */
    HttpRequest.Builder request(String target, HttpRequest.BodyPublisher body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30)).POST(body);
        Map<String, String> defaults = new java.util.LinkedHashMap<>();
        defaults.put("Content-Type", CONTENT_TYPE);
        defaults.put("X-Amz-Date", "20260101T000000Z");
        defaults.put("Authorization", AUTHORIZATION);
        if (target != null) {
            defaults.put("X-Amz-Target", target);
        }
        defaults.putAll(headers);
        defaults.forEach((name, value) -> {
            if (value != null) {
                builder.header(name, value);
            }
        });
        return builder;
    }

    Answer post(String operation, String body) {
        return send(request("TrentService." + operation, HttpRequest.BodyPublishers.ofString(body), Map.of()));
    }

    Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body = text.isEmpty() ? null : JSON.readTree(text);
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), text, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asserts an AWS JSON error: status, {@code __type}, and {@code message} (null: no message member at all). */
    static void assertError(Answer answer, int status, String type, String message) {
        assertThat(answer.contentType()).as(answer.text()).isEqualTo(CONTENT_TYPE);
        assertThat(answer.body()).as(answer.text()).isNotNull();
        assertThat(answer.body().isObject()).isTrue();
        assertThat(answer.body().path("__type").asText()).as(answer.text()).isEqualTo(type);
        if (message == null) {
            assertThat(answer.body().has("message")).as(answer.text()).isFalse();
        } else {
            assertThat(answer.body().path("message").isTextual()).as(answer.text()).isTrue();
            assertThat(answer.body().get("message").asText()).isEqualTo(message);
        }
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertNoNulls(answer.body(), "$");
    }

    static void assertOk(Answer answer) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo(CONTENT_TYPE);
        assertThat(answer.body().isObject()).as(answer.text()).isTrue();
        assertNoNulls(answer.body(), "$");
    }

    /** Members without a value are omitted, never sent as JSON null. */
    static void assertNoNulls(JsonNode node, String path) {
        assertThat(node.isNull()).as("null at %s", path).isFalse();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                assertNoNulls(field.getValue(), path + "." + field.getKey());
            }
        } else if (node.isArray()) {
            for (int index = 0; index < node.size(); index++) {
                assertNoNulls(node.get(index), path + "[" + index + "]");
            }
        }
    }
}
