package dev.meridian.testkit;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Measures the time from {@link EmbeddedMeridian#start()} to the first answered KMS request through the AWS SDK
 * (the client built, GenerateRandom answered): first in this fresh JVM, then for a second server in the same
 * JVM, as every test class after the first meets it. Prints one line for each, in milliseconds, the first with
 * the CPU time the JVM used until its answer (every thread, JVM start and JIT included). Run by
 * {@code scripts/embedded-start-time.sh}; not a test.
 */
public final class EmbeddedStartTime {
    private EmbeddedStartTime() {
    }

    public static void main(String[] arguments) throws IOException {
        if (arguments.length == 1 && arguments[0].equals("--raw")) {
            System.out.println("fresh JVM, without the SDK: " + measureRaw() + " (CPU time of the JVM until then: "
                    + ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L) + " ms)");
            return;
        }
        System.out.println("fresh JVM: " + measure() + " (CPU time of the JVM until then: " + ProcessHandle.current().info()
                .totalCpuDuration().map(Duration::toMillis).orElse(-1L) + " ms)");
        System.out.println("same JVM again: " + measure());
    }

    private static String measure() {
        long started = System.nanoTime();
        try (EmbeddedMeridian server = EmbeddedMeridian.start()) {
            long serverUp = System.nanoTime();
            try (KmsClient kms = MeridianClients.kms(server.endpoint(), "us-east-1")) {
                long clientBuilt = System.nanoTime();
                kms.generateRandom(request -> request.numberOfBytes(16));
                long answered = System.nanoTime();
                return String.format("start %d ms, client %d ms, first request %d ms: %d ms from start to the first answer",
                        millis(serverUp - started), millis(clientBuilt - serverUp), millis(answered - clientBuilt),
                        millis(answered - started));
            }
        }
    }

    /**
     * The server's own start: from {@link EmbeddedMeridian#start()} to the first answer of a GenerateRandom sent as
     * bytes over a socket (as {@code scripts/start-time.sh} sends it with curl), so that no client library's start
     * is counted.
     */
    private static String measureRaw() throws IOException {
        long started = System.nanoTime();
        try (EmbeddedMeridian server = EmbeddedMeridian.start()) {
            long serverUp = System.nanoTime();
            URI endpoint = URI.create(server.endpoint());
            String body = "{\"NumberOfBytes\":16}";
            String request = "POST / HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + endpoint.getPort() + "\r\n"
                    + "Content-Type: application/x-amz-json-1.1\r\nX-Amz-Target: TrentService.GenerateRandom\r\n"
                    + "X-Amz-Date: 20260101T000000Z\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/"
                    + "us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=00\r\nContent-Length: "
                    + body.length() + "\r\nConnection: close\r\n\r\n" + body;
            String status;
            try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                status = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().findFirst()
                        .orElse("");
            }
            long answered = System.nanoTime();
            if (!status.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException("GenerateRandom was answered " + status);
            }
            return String.format("start %d ms, first request %d ms: %d ms from start to the first answer",
                    millis(serverUp - started), millis(answered - serverUp), millis(answered - started));
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
