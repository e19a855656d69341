package dev.meridian.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Readiness below HTTP: ready only when both checks pass, and the body names each check's state. */
class ServiceEndpointsTest {

    private static String body(AdminRoute.Answer answer) {
        return new String(answer.body(), StandardCharsets.US_ASCII);
    }

    @Test
    void readyWhenTheStoreIsOpenAndTheAuditQueueAdmits() {
        AdminRoute.Answer answer = ServiceEndpoints.readiness(true, true);
        assertThat(answer.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(body(answer)).isEqualTo("{\"status\":\"ready\",\"checks\":{\"store\":\"open\",\"auditQueue\":\"admitting\"}}");
    }

    @Test
    void unavailableNamingTheFailedCheck() {
        AdminRoute.Answer full = ServiceEndpoints.readiness(true, false);
        assertThat(full.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
        assertThat(body(full)).isEqualTo("{\"status\":\"unavailable\",\"checks\":{\"store\":\"open\",\"auditQueue\":\"full\"}}");
        AdminRoute.Answer closed = ServiceEndpoints.readiness(false, true);
        assertThat(closed.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
        assertThat(body(closed)).isEqualTo("{\"status\":\"unavailable\",\"checks\":{\"store\":\"closed\",\"auditQueue\":\"admitting\"}}");
    }

    @Test
    void theQueryStringIsNotPartOfThePath() {
        assertThat(ServiceEndpoints.path("/metrics?name[]=x")).isEqualTo("/metrics");
        assertThat(ServiceEndpoints.path("/health/live")).isEqualTo("/health/live");
    }
}
