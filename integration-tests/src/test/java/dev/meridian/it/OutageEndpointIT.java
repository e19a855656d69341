package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.app.ServerConfiguration;
import dev.meridian.model.Region;
import dev.meridian.testkit.EmbeddedMeridian;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsInternalException;

/**
 * {@code /_meridian/outages} over plain HTTP, the contract the console and {@code curl} users rely on: list, set (201
 * with its ID), lift one (204, 404 when unknown), lift all, and a 400 naming the member for each outage that cannot
 * work.
 */
class OutageEndpointIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedMeridian server;

    private record Answer(int status, String contentType, JsonNode body) {
    }

    @BeforeAll
    static void start() {
        server = EmbeddedMeridian.start(ServerConfiguration.builder().replicationDelay(Duration.ZERO)
                .regionPorts(Map.of(Region.of("us-west-2"), 0)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void liftAll() {
        server.outages().liftAll();
    }

    private static Answer send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anOutageIsSetListedAndLiftedAndActsWhileInForce() {
        KmsClient client = KmsTestSupport.client(server.endpoint(), "us-east-1");
        String keyId = client.createKey(request -> { }).keyMetadata().keyId();

        Answer created = send("POST", "/_meridian/outages",
                "{\"region\":\"us-east-1\",\"operation\":\"Encrypt\",\"fault\":\"INTERNAL_ERROR\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.contentType()).isEqualTo("application/json");
        String id = created.body().get("id").asText();
        assertThat(created.body()).isEqualTo(json("{\"id\":\"" + id + "\",\"region\":\"us-east-1\",\"operation\":\"Encrypt\","
                + "\"fault\":\"INTERNAL_ERROR\",\"probability\":1.0,\"latencyMillis\":0}"));
        assertThat(id).matches("o-\\d+");

        Answer second = send("POST", "/_meridian/outages", "{\"region\":\"eu-west-1\",\"account\":\"444455556666\","
                + "\"fault\":\"LATENCY\",\"latencyMillis\":250,\"probability\":0.5}");
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.body().get("account").asText()).isEqualTo("444455556666");
        assertThat(second.body().has("operation")).isFalse();

        Answer listed = send("GET", "/_meridian/outages", null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().get("outages")).containsExactly(created.body(), second.body());
        assertThat(send("GET", "/_meridian/outages/" + id, null).body()).isEqualTo(created.body());

        KmsTestSupport.assertKmsError(() -> client.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("x"))),
                KmsInternalException.class,
                "The request was rejected because an internal exception occurred. The request can be retried.", 500);

        Answer lifted = send("DELETE", "/_meridian/outages/" + id, null);
        assertThat(lifted.status()).isEqualTo(204);
        assertThat(lifted.body()).isNull();
        assertThat(send("GET", "/_meridian/outages", null).body().get("outages")).containsExactly(second.body());
        assertThat(client.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("x"))).keyId()).endsWith(keyId);

        Answer again = send("DELETE", "/_meridian/outages/" + id, null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body()).isEqualTo(json("{\"message\":\"No outage " + id + " is in force\"}"));
        assertThat(send("GET", "/_meridian/outages/o-999", null).status()).isEqualTo(404);

        assertThat(send("DELETE", "/_meridian/outages", null).status()).isEqualTo(204);
        assertThat(send("GET", "/_meridian/outages", null).body()).isEqualTo(json("{\"outages\":[]}"));
        client.close();
    }

    @Test
    void anOutageThatCannotWorkIsRefusedNamingTheMember() {
        assertRefused("", "The body must be a JSON object: an outage such as {\"region\": \"us-east-1\", \"fault\": \"INTERNAL_ERROR\"}");
        assertRefused("{", "The body is not valid JSON");
        assertRefused("[]", "The body must be a JSON object: an outage such as {\"region\": \"us-east-1\", \"fault\": \"INTERNAL_ERROR\"}");
        assertRefused("{\"fault\":\"INTERNAL_ERROR\"}", "region: required, a Region name such as us-east-1");
        assertRefused("{\"region\":\"Mars-1\",\"fault\":\"INTERNAL_ERROR\"}",
                "region: Mars-1 is not a Region name; expected one such as us-east-1");
        assertRefused("{\"region\":7,\"fault\":\"INTERNAL_ERROR\"}", "region: must be a string");
        assertRefused("{\"region\":\"us-east-1\"}",
                "fault: required, one of [INTERNAL_ERROR, UNAVAILABLE, THROTTLING, LATENCY, REFUSE_CONNECTIONS]");
        assertRefused("{\"region\":\"us-east-1\",\"fault\":\"MELTDOWN\"}", "fault: MELTDOWN is not a fault; expected one of"
                + " [INTERNAL_ERROR, UNAVAILABLE, THROTTLING, LATENCY, REFUSE_CONNECTIONS]");
        assertRefused("{\"region\":\"us-east-1\",\"operation\":\"Decrypted\",\"fault\":\"INTERNAL_ERROR\"}",
                "operation: Decrypted is not an operation of AWS KMS (the service model's names, such as Decrypt or GenerateDataKey)");
        assertRefused("{\"region\":\"us-east-1\",\"account\":\"123\",\"fault\":\"INTERNAL_ERROR\"}",
                "account: 123 is not an AWS account ID; expected 12 digits");
        assertRefused("{\"region\":\"us-east-1\",\"fault\":\"INTERNAL_ERROR\",\"probability\":0}",
                "probability: must be more than 0 and at most 1, not 0.0");
        assertRefused("{\"region\":\"us-east-1\",\"fault\":\"INTERNAL_ERROR\",\"probability\":1.5}",
                "probability: must be more than 0 and at most 1, not 1.5");
        assertRefused("{\"region\":\"us-east-1\",\"fault\":\"INTERNAL_ERROR\",\"probability\":\"half\"}",
                "probability: must be a number more than 0 and at most 1");
        assertRefused("{\"region\":\"us-east-1\",\"fault\":\"LATENCY\"}",
                "latencyMillis: required for a LATENCY outage, 1 to 600000 milliseconds");
        assertRefused("{\"region\":\"us-east-1\",\"fault\":\"LATENCY\",\"latencyMillis\":0}",
                "latencyMillis: a LATENCY outage needs a delay of 1 to 600000 milliseconds, not 0");
        assertRefused("{\"region\":\"us-east-1\",\"fault\":\"LATENCY\",\"latencyMillis\":1.5}",
                "latencyMillis: must be a whole number of milliseconds");
        assertRefused("{\"region\":\"us-east-1\",\"fault\":\"THROTTLING\",\"latencyMillis\":100}",
                "latencyMillis: only a LATENCY outage has a delay; THROTTLING takes 0 or none, not 100");
        assertRefused("{\"region\":\"us-east-1\",\"fault\":\"REFUSE_CONNECTIONS\"}",
                "region: us-east-1 has no listener of its own, so its connections cannot be refused; start the server"
                        + " with --region-port us-east-1=PORT (Regions with their own listener: [us-west-2])");
        assertRefused("{\"region\":\"us-west-2\",\"operation\":\"Decrypt\",\"fault\":\"REFUSE_CONNECTIONS\"}",
                "operation: REFUSE_CONNECTIONS closes the Region's listener, so it applies to every operation; leave operation out");
        assertRefused("{\"region\":\"us-west-2\",\"fault\":\"REFUSE_CONNECTIONS\",\"probability\":0.5}",
                "probability: REFUSE_CONNECTIONS refuses every connection; its probability is 1, not 0.5");
        assertRefused("{\"id\":\"o-7\",\"region\":\"us-east-1\",\"fault\":\"INTERNAL_ERROR\"}",
                "id: the server chooses an outage's ID; leave it out");
        assertRefused("{\"region\":\"us-east-1\",\"fault\":\"INTERNAL_ERROR\",\"colour\":\"red\"}",
                "colour: not a member of an outage; expected region, operation, account, fault, probability, latencyMillis");
        assertThat(send("GET", "/_meridian/outages", null).body()).isEqualTo(json("{\"outages\":[]}"));

        Answer wrongMethod = send("PUT", "/_meridian/outages", "{}");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.body().get("message").asText()).isEqualTo("PUT /_meridian/outages is not allowed; use GET, POST or DELETE");
    }

    private static void assertRefused(String body, String message) {
        Answer answer = send("POST", "/_meridian/outages", body);
        assertThat(answer.status()).as(body).isEqualTo(400);
        assertThat(answer.body()).as(body).isEqualTo(json("{\"message\":" + JSON.valueToTree(message) + "}"));
    }
}
