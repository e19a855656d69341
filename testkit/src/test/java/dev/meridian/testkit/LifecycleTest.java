package dev.meridian.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The extension's lifecycle seen from outside: fixture classes (nested here, so that the build does not run
 * them on their own) run through the JUnit Platform launcher, and what they saw is checked after they end.
 */
class LifecycleTest {
    /** The servers the fixtures saw, in order. */
    private static final List<EmbeddedMeridian> SEEN = new CopyOnWriteArrayList<>();

    private static TestExecutionSummary run(Class<?> fixture) {
        SEEN.clear();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(),
                listener);
        return listener.getSummary();
    }

    private static void assertStopped(EmbeddedMeridian server) {
        MeridianEndpoint endpoint = MeridianEndpoint.of(server.endpoint());
        assertThatThrownBy(() -> new Socket(endpoint.uri().getHost(), endpoint.uri().getPort()).close())
                .isInstanceOf(ConnectException.class);
        assertThat(Files.exists(server.dataDirectory())).as("the temporary data folder is deleted").isFalse();
    }

    static class PerClassFixture {
        @RegisterExtension
        static MeridianExtension meridian = MeridianExtension.builder().build();

        @Test
        void first(EmbeddedMeridian server, KmsClient kms) {
            kms.createKey();
            SEEN.add(server);
        }

        @Test
        void second(EmbeddedMeridian server, KmsClient kms) {
            SEEN.add(server);
        }

        @Nested
        class Inner {
            @Test
            void sharesTheServerOfItsClass(EmbeddedMeridian server) {
                SEEN.add(server);
            }
        }
    }

    @Test
    void aStaticFieldGivesOneServerToTheClassAndItsNestedClassesAndStopsItAfterTheLast() throws IOException {
        TestExecutionSummary summary = run(PerClassFixture.class);
        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(3);
        assertThat(SEEN).hasSize(3).containsOnly(SEEN.get(0));
        assertStopped(SEEN.get(0));
    }

    static class PerTestFixture {
        @RegisterExtension
        MeridianExtension meridian = MeridianExtension.builder().build();

        @Test
        void first(EmbeddedMeridian server) {
            SEEN.add(server);
        }

        @Test
        void second(EmbeddedMeridian server) {
            SEEN.add(server);
        }
    }

    @Test
    void anInstanceFieldGivesEachTestAServerAndStopsItAfterTheTest() {
        TestExecutionSummary summary = run(PerTestFixture.class);
        assertThat(summary.getFailures()).isEmpty();
        assertThat(SEEN).hasSize(2).doesNotHaveDuplicates();
        SEEN.forEach(LifecycleTest::assertStopped);
    }

    static class ForeignClockFixture {
        @RegisterExtension
        static MeridianExtension meridian = MeridianExtension.builder().configure(settings -> settings.clock(Clock.systemUTC()))
                .build();

        @Test
        void wantsAMovableClock(MovableClock clock) {
        }
    }

    @Test
    void aClockOfAnotherKindCannotBeInjectedAsAMovableOne() {
        TestExecutionSummary summary = run(ForeignClockFixture.class);
        assertThat(summary.getFailures()).singleElement().satisfies(failure -> assertThat(failure.getException())
                .hasMessageContaining("Cannot inject MovableClock: The server's clock is not a MovableClock but "
                        + Clock.systemUTC()));
    }

    @Test
    void aServerStartedByTheCallerIsStoppedWithTheExtensionAroundIt() {
        EmbeddedMeridian server = EmbeddedMeridian.start();
        Path folder = server.dataDirectory();
        try (MeridianExtension meridian = MeridianExtension.around(server)) {
            assertThat(meridian.client().listKeys().keys()).isEmpty();
        }
        assertStopped(server);
        assertThat(folder).doesNotExist();
    }
}
