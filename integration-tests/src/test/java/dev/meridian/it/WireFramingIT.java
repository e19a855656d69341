package dev.meridian.it;

import static dev.meridian.it.RawHttp.ascii;
import static dev.meridian.it.RawHttp.concat;
import static dev.meridian.it.RawHttp.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.testkit.EmbeddedMeridian;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 itself, sent as raw bytes: broken framing is answered 400 (JSON) and the connection closed,
 * without the request being acted on; pipelined requests are answered in order; every non-2xx answer is
 * JSON with {@code __type}.
 */
class WireFramingIT {
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final String NOT_HTTP = "The request is not well-formed HTTP/1.1.";
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

    private static RawHttp connect() {
        return new RawHttp(server.endpoint(), BOUND);
    }

    /** The head of a CreateKey (so that acting on it would show), without Content-Length and the blank line. */
    private static String createKeyHead(String... headerLines) {
        return RawHttp.headWithoutLength("TrentService.CreateKey", headerLines).toString();
    }

    private static int keyCount() {
        WireHttp.Answer answer = http.post("ListKeys", "{\"Limit\":1000}");
        WireHttp.assertOk(answer);
        return answer.body().get("Keys").size();
    }

    /** Sends {@code bytes} on a new connection: one JSON error, then the server closes; no key was made. */
    private static void assertRefusedAndClosed(byte[] bytes, int status, String type, String message) {
        int keys = keyCount();
        try (RawHttp connection = connect()) {
            RawHttp.Response response = connection.send(bytes).read();
            assertJsonError(response, status, type, message);
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(connection.closedByServer()).as("closed after the error").isTrue();
        }
        assertThat(keyCount()).as("no key made by a refused request").isEqualTo(keys);
    }

    static void assertJsonError(RawHttp.Response response, int status, String type, String message) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("content-type")).isEqualTo(WireHttp.CONTENT_TYPE);
        JsonNode body = response.json();
        assertThat(body).as(response.toString()).isNotNull();
        assertThat(body.path("__type").asText()).as(response.toString()).isEqualTo(type);
        if (message == null) {
            assertThat(body.has("message")).as(response.toString()).isFalse();
        } else {
            assertThat(body.path("message").asText()).as(response.toString()).isEqualTo(message);
        }
        assertThat(response.header("x-amzn-requestid")).isNotBlank();
    }

    @Test
    void aClientStillSendingAnOversizedBodyReadsTheRefusalBeforeTheConnectionCloses() {
        int length = 4 * 1024 * 1024;
        try (RawHttp connection = connect()) {
            connection.send(ascii(createKeyHead("Content-Length: " + length) + "\r\n"));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (int sent = 0; sent < length; sent += chunk.length) {
                connection.send(chunk); // the server drains what follows its answer instead of resetting
            }
            RawHttp.Response response = connection.read();
            assertJsonError(response, 413, "RequestEntityTooLargeException",
                    "The request body must not exceed 1048576 bytes.");
            assertThat(response.header("connection")).isEqualTo("close");
            connection.shutdownOutput();
            assertThat(connection.closedByServer()).as("closed once the client is done").isTrue();
        }
    }

    @Test
    void aBadContentLengthIsRefusedAndTheConnectionClosed() {
        for (String length : new String[] {"abc", "-1", "1 2", "0x10", "99999999999999999999999"}) {
            assertRefusedAndClosed(ascii(createKeyHead("Content-Length: " + length) + "\r\n{}"), 400,
                    "SerializationException", NOT_HTTP);
        }
        assertRefusedAndClosed(ascii(createKeyHead("Content-Length: 2", "Content-Length: 3") + "\r\n{} "), 400,
                "SerializationException", NOT_HTTP);
    }

    @Test
    void aBadChunkIsRefusedBeforeTheRequestIsActedOn() {
        assertRefusedAndClosed(ascii(createKeyHead("Transfer-Encoding: chunked") + "\r\n2\r\n{}\r\nzz\r\n"), 400,
                "SerializationException", NOT_HTTP);
        assertRefusedAndClosed(ascii(createKeyHead("Transfer-Encoding: chunked") + "\r\n2\r\n{}XX0\r\n\r\n"), 400,
                "SerializationException", NOT_HTTP);
    }

    @Test
    void transferEncodingWithContentLengthIsRefused() {
        assertRefusedAndClosed(ascii(createKeyHead("Transfer-Encoding: chunked", "Content-Length: 7") + "\r\n2\r\n{}\r\n0\r\n\r\n"),
                400, "SerializationException", NOT_HTTP);
        assertRefusedAndClosed(ascii(createKeyHead("Transfer-Encoding: gzip", "Content-Length: 2") + "\r\n{}"),
                400, "SerializationException", NOT_HTTP);
    }

    @Test
    void malformedHeaderLinesAreRefused() {
        assertRefusedAndClosed(ascii(createKeyHead("NoColonHere", "Content-Length: 2") + "\r\n{}"), 400,
                "SerializationException", NOT_HTTP);
        assertRefusedAndClosed(ascii(createKeyHead("Bad Name: x", "Content-Length: 2") + "\r\n{}"), 400,
                "SerializationException", NOT_HTTP);
        assertRefusedAndClosed(ascii(createKeyHead("X-Evil: a\rb", "Content-Length: 2") + "\r\n{}"), 400,
                "SerializationException", NOT_HTTP);
        assertRefusedAndClosed(ascii(createKeyHead("Content-Length: 2").replace("\r\n", "\n") + "\n{}"), 400,
                "SerializationException", NOT_HTTP);
    }

    @Test
    void headersOverEightKibibytesAreRefused() {
        assertRefusedAndClosed(ascii(createKeyHead("X-Big: " + "a".repeat(9000), "Content-Length: 2") + "\r\n{}"), 400,
                "SerializationException", "The request headers are larger than 8192 bytes.");
    }

    @Test
    void aRequestLineOverFourKibibytesIsRefused() {
        assertRefusedAndClosed(ascii("POST /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"), 400,
                "SerializationException", "The request line is longer than 4096 bytes.");
        assertRefusedAndClosed(ascii("NOT-HTTP\r\n\r\n"), 400, "SerializationException", NOT_HTTP);
    }

    @Test
    void requestsPipelinedBeforeABrokenOneAreAnsweredFirstInOrder() {
        try (RawHttp connection = connect()) {
            connection.send(concat(request("GenerateRandom", "{\"NumberOfBytes\":3}"),
                    request("CreateKey", "{\"Description\":\"before the broken one\"}"),
                    ascii(createKeyHead("Content-Length: abc") + "\r\n{}")));
            assertRandomOfLength(connection.read(), 3);
            RawHttp.Response created = connection.read();
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            assertThat(created.json().at("/KeyMetadata/Description").asText()).isEqualTo("before the broken one");
            assertJsonError(connection.read(), 400, "SerializationException", NOT_HTTP);
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void pipelinedWritesAndReadsAreAnsweredInRequestOrder() {
        List<byte[]> requests = new ArrayList<>();
        for (int index = 1; index <= 6; index++) {
            requests.add(index % 2 == 1
                    ? request("CreateKey", "{\"Description\":\"pipelined " + index + "\"}")
                    : request("GenerateRandom", "{\"NumberOfBytes\":" + index + "}"));
        }
        try (RawHttp connection = connect()) {
            connection.send(concat(requests.toArray(byte[][]::new)));
            for (int index = 1; index <= 6; index++) {
                RawHttp.Response response = connection.read();
                if (index % 2 == 1) {
                    assertThat(response.status()).as(response.toString()).isEqualTo(200);
                    assertThat(response.json().at("/KeyMetadata/Description").asText()).isEqualTo("pipelined " + index);
                } else {
                    assertRandomOfLength(response, index);
                }
            }
            assertThat(connection.send(request("GenerateRandom", "{\"NumberOfBytes\":9}")).read().status()).isEqualTo(200);
        }
    }

    @Test
    void nothingPipelinedBehindConnectionCloseIsActedOn() {
        int keys = keyCount();
        try (RawHttp connection = connect()) {
            connection.send(concat(request("GenerateRandom", "{\"NumberOfBytes\":1}", "Connection: close"),
                    request("CreateKey", "{\"Description\":\"behind a close\"}")));
            RawHttp.Response response = connection.read();
            assertRandomOfLength(response, 1);
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(connection.closedByServer()).isTrue();
        }
        assertThat(keyCount()).isEqualTo(keys);
    }

    @Test
    void morePipelinedRequestsThanMayWaitAreAllAnsweredInOrder() {
        int count = 100;
        List<byte[]> requests = new ArrayList<>();
        for (int index = 1; index <= count; index++) {
            requests.add(index % 10 == 0
                    ? request("TagResource", "{\"KeyId\":\"" + "0".repeat(8) + "-0000-0000-0000-" + "0".repeat(12) + "\",\"Tags\":[]}")
                    : request("GenerateRandom", "{\"NumberOfBytes\":" + index + "}"));
        }
        try (RawHttp connection = connect()) {
            connection.send(concat(requests.toArray(byte[][]::new)));
            for (int index = 1; index <= count; index++) {
                RawHttp.Response response = connection.read();
                if (index % 10 == 0) {
                    assertThat(response.status()).as(response.toString()).isEqualTo(400);
                } else {
                    assertRandomOfLength(response, index);
                }
            }
        }
    }

    private static void assertRandomOfLength(RawHttp.Response response, int length) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(Base64.getDecoder().decode(response.json().get("Plaintext").asText())).hasSize(length);
    }

    @Test
    void anUnsupportedExpectationIsAJson417() {
        assertRefusedAndClosed(request("CreateKey", "{}", "Expect: foo"), 417, "ExpectationFailedException",
                "The only expectation supported is 100-continue.");
    }

    @Test
    void oneHundredContinueIsAnsweredThenTheRequestServed() {
        try (RawHttp connection = connect()) {
            connection.send(ascii(createKeyHead("Expect: 100-continue", "Content-Length: 2") + "\r\n"));
            assertThat(connection.read().status()).isEqualTo(100);
            connection.send(ascii("{}"));
            assertThat(connection.read().status()).isEqualTo(200);
        }
    }

    @Test
    void oneHundredContinueForABodyOverTheLimitIsAJson413WithoutContinue() {
        assertRefusedAndClosed(ascii(createKeyHead("Expect: 100-continue", "Content-Length: 2000000") + "\r\n"), 413,
                "RequestEntityTooLargeException", "The request body must not exceed 1048576 bytes.");
    }

    @Test
    void aChunkedBodyOverTheLimitIsAJson413() {
        String chunk = Integer.toHexString(600_000) + "\r\n" + " ".repeat(600_000) + "\r\n";
        assertRefusedAndClosed(ascii(createKeyHead("Transfer-Encoding: chunked") + "\r\n" + chunk + chunk + "0\r\n\r\n"), 413,
                "RequestEntityTooLargeException", "The request body must not exceed 1048576 bytes.");
    }

    @Test
    void otherMethodsAreJsonUnknownOperation() {
        for (String method : new String[] {"GET", "PUT", "DELETE", "OPTIONS", "FOO"}) {
            try (RawHttp connection = connect()) {
                byte[] bytes = request("ListKeys", "{}");
                connection.send(concat(ascii(method), java.util.Arrays.copyOfRange(bytes, 4, bytes.length)));
                assertJsonError(connection.read(), 404, "UnknownOperationException", null);
            }
        }
    }

    @Test
    void aHealthCheckPipelinedBetweenKmsRequestsIsAnsweredInOrderAndTheConnectionGoesOn() {
        try (RawHttp connection = connect()) {
            connection.send(concat(request("GenerateRandom", "{\"NumberOfBytes\":3}"),
                    ascii("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"),
                    request("GenerateRandom", "{\"NumberOfBytes\":4}")));
            assertRandomOfLength(connection.read(), 3);
            RawHttp.Response live = connection.read();
            assertThat(live.status()).isEqualTo(200);
            assertThat(new String(live.body(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("{\"status\":\"live\"}");
            assertRandomOfLength(connection.read(), 4);
        }
    }

    @Test
    void aHealthCheckWithBrokenFramingIsRefusedAndClosedLikeAnyRequest() {
        assertRefusedAndClosed(ascii("GET /health/live HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\n\r\n"), 400,
                "SerializationException", NOT_HTTP);
        assertRefusedAndClosed(ascii("GET /metrics HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
                400, "SerializationException", NOT_HTTP);
    }

    @Test
    void aHeadIsA404WithoutBodyAndTheConnectionGoesOn() {
        try (RawHttp connection = connect()) {
            byte[] bytes = request("ListKeys", "{}");
            connection.send(concat(ascii("HEAD"), java.util.Arrays.copyOfRange(bytes, 4, bytes.length),
                    request("GenerateRandom", "{\"NumberOfBytes\":5}")));
            RawHttp.Response head = connection.read(true);
            assertThat(head.status()).isEqualTo(404);
            assertThat(head.header("content-type")).isEqualTo(WireHttp.CONTENT_TYPE);
            assertRandomOfLength(connection.read(), 5);
        }
    }

    @Test
    void anHttp10RequestIsAnsweredAndClosed() {
        try (RawHttp connection = connect()) {
            byte[] bytes = request("GenerateRandom", "{\"NumberOfBytes\":2}");
            String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace("HTTP/1.1", "HTTP/1.0");
            assertRandomOfLength(connection.send(ascii(text)).read(), 2);
            assertThat(connection.closedByServer()).isTrue();
        }
    }
}
