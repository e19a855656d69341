package dev.meridian.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Measures what the first test class of a fresh test JVM sees: JUnit runs (through its launcher, as surefire or
 * an IDE does) a test class that uses the test kit, and the time is taken from the server's start to the first
 * answer of an SDK client in the test. Two kinds of first class:
 * <ul>
 *   <li>{@code extension}: {@link MeridianExtension} on a static field starts the server, the test's
 *       {@link KmsClient} is injected and sends GenerateRandom: the SDK is loaded meanwhile;</li>
 *   <li>{@code sdk-loaded}: the class built its SDK client before the server starts (as a test that has its
 *       clients ready, or any class after the first one that used the SDK), then starts an
 *       {@link EmbeddedMeridian} and sends GenerateRandom through a client for its endpoint.</li>
 *   <li>{@code external}: no server in the JVM; the class's first SDK client sends GenerateRandom to a server
 *       already running elsewhere (system property {@code meridian.endpoint}: a {@code serve} process, or moto),
 *       as a test against an emulator started before the test run does. What the SDK alone costs the first test.</li>
 * </ul>
 * Prints one line, in milliseconds, with the JVM's age when the server's start began (JVM and JUnit's own start).
 * Run by {@code scripts/embedded-start-time.sh} ({@code JUNIT=extension}, {@code sdk-loaded} or {@code external});
 * not a test (surefire runs no nested class, and this one's name matches none of its patterns).
 */
public final class StartTimeInJUnit {
    private static volatile long started;
    private static volatile long startedCpu;
    private static volatile long answered;
    private static volatile long answeredCpu;
    private static volatile String details = "";

    private StartTimeInJUnit() {
    }

    public static void main(String[] arguments) {
        Class<?> testClass = switch (arguments.length == 1 ? arguments[0] : "") {
            case "extension" -> ExtensionFirst.class;
            case "sdk-loaded" -> SdkLoadedFirst.class;
            case "external" -> ExternalServerFirst.class;
            default -> throw new IllegalArgumentException("Usage: StartTimeInJUnit extension|sdk-loaded|external");
        };
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass))
                .build(), summary);
        if (summary.getSummary().getTotalFailureCount() > 0 || summary.getSummary().getTestsSucceededCount() != 1) {
            summary.getSummary().getFailures().forEach(failure -> failure.getException().printStackTrace());
            throw new IllegalStateException("The measured test did not pass");
        }
        System.out.printf("in JUnit, %s: %d ms from start to the first answer%s, %d ms of CPU meanwhile (the JVM was %d ms"
                + " old at the start)%n", arguments[0], (answered - started) / 1_000_000, details, answeredCpu - startedCpu,
                jvmAgeAt(started));
    }

    /** The CPU time the JVM used so far, every thread's, in milliseconds. */
    private static long cpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }

    private static long jvmAgeAt(long nanoTime) {
        Instant jvmStart = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        long sinceStart = Duration.ofNanos(System.nanoTime() - nanoTime).toMillis();
        return Duration.between(jvmStart, Instant.now()).toMillis() - sinceStart;
    }

    /** Takes the time before any other extension of the class runs its {@code beforeAll}. */
    static final class StartMark implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            startedCpu = cpuMillis();
            started = System.nanoTime();
        }
    }

    /** The usual first test class: the extension starts the server and injects the client. */
    @ExtendWith(StartMark.class)
    static final class ExtensionFirst {
        @RegisterExtension
        static final MeridianExtension MERIDIAN = MeridianExtension.builder().build();

        @Test
        void answers(KmsClient kms) {
            kms.generateRandom(request -> request.numberOfBytes(16));
            answered = System.nanoTime();
            answeredCpu = cpuMillis();
        }
    }

    /** A first test class that built its SDK client (for another endpoint) before the server starts. */
    static final class SdkLoadedFirst {
        private static KmsClient elsewhere;

        @BeforeAll
        static void buildClient() {
            elsewhere = MeridianClients.kms("http://127.0.0.1:1", "us-east-1");
        }

        @AfterAll
        static void closeClient() {
            elsewhere.close();
        }

        @Test
        void answers() {
            startedCpu = cpuMillis();
            started = System.nanoTime();
            try (EmbeddedMeridian server = EmbeddedMeridian.start()) {
                long serverUp = System.nanoTime();
                try (KmsClient kms = MeridianClients.kms(server.endpoint(), "us-east-1")) {
                    kms.generateRandom(request -> request.numberOfBytes(16));
                    answered = System.nanoTime();
                    answeredCpu = cpuMillis();
                    details = String.format(" (start %d ms, client and first request %d ms)",
                            (serverUp - started) / 1_000_000, (answered - serverUp) / 1_000_000);
                }
            }
        }
    }

    /** A first test class whose server runs outside the JVM: only its SDK client starts. */
    static final class ExternalServerFirst {
        @Test
        void answers() {
            String endpoint = System.getProperty("meridian.endpoint");
            if (endpoint == null) {
                throw new IllegalStateException("-Dmeridian.endpoint=http://127.0.0.1:PORT names the running server");
            }
            startedCpu = cpuMillis();
            started = System.nanoTime();
            try (KmsClient kms = MeridianClients.kms(endpoint, "us-east-1")) {
                kms.generateRandom(request -> request.numberOfBytes(16));
                answered = System.nanoTime();
                answeredCpu = cpuMillis();
            }
        }
    }
}
