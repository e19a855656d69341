package dev.meridian.testkit;

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

    public static void main(String[] arguments) {
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

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
