package dev.meridian.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;

/** {@link MeridianExtension.Builder#resetAfterEachTest()}: one server, and every test starts from nothing. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResetAfterEachTestTest {
    @RegisterExtension
    static MeridianExtension meridian = MeridianExtension.builder().resetAfterEachTest().build();
    private static MeridianEndpoint first;

    @Test
    @Order(1)
    void leavesAKeyAndAnAlias(KmsClient kms, MeridianEndpoint endpoint) {
        String keyId = kms.createKey().keyMetadata().keyId();
        kms.createAlias(alias -> alias.aliasName("alias/left-behind").targetKeyId(keyId));
        first = endpoint;
    }

    @Test
    @Order(2)
    void findsNothingOnTheSameServer(KmsClient kms, MeridianEndpoint endpoint) {
        assertThat(endpoint).isEqualTo(first);
        assertThat(kms.listKeys().keys()).isEmpty();
        assertThat(kms.listAliases().aliases()).noneMatch(alias -> alias.aliasName().equals("alias/left-behind"));
    }
}
