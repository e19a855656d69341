package dev.meridian.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;

/** The extension on an instance field: each test gets its own, empty server. */
class PerTestServerTest {
    private static final Set<MeridianEndpoint> ENDPOINTS = ConcurrentHashMap.newKeySet();

    @RegisterExtension
    MeridianExtension meridian = MeridianExtension.builder().build();

    @RepeatedTest(2)
    void eachTestHasAServerOfItsOwn(KmsClient kms, MeridianEndpoint endpoint, EmbeddedMeridian server) {
        assertThat(kms.listKeys().keys()).isEmpty();
        kms.createKey();
        assertThat(ENDPOINTS.add(endpoint)).as("a new server per test").isTrue();
        assertThat(server).isSameAs(meridian.server());
    }
}
