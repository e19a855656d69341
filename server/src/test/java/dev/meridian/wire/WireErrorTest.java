package dev.meridian.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.ErrorCode;
import dev.meridian.core.KmsException;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.Test;

/** The one mapping of core error codes to the wire: AWS's shape, and HTTP 500 for the service's faults, 400 otherwise. */
class WireErrorTest {

    @Test
    void theServicesFaultsAre500AndEveryOtherErrorIs400() {
        assertThat(WireError.of(new KmsException(ErrorCode.DEPENDENCY_TIMEOUT, "timed out"))).isEqualTo(
                new WireError("DependencyTimeoutException", HttpResponseStatus.INTERNAL_SERVER_ERROR, "timed out"));
        assertThat(WireError.of(new KmsException(ErrorCode.KMS_INTERNAL, "internal"))).isEqualTo(
                new WireError("KMSInternalException", HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal"));
        assertThat(WireError.of(new KmsException(ErrorCode.NOT_FOUND, "missing"))).isEqualTo(
                new WireError("NotFoundException", HttpResponseStatus.BAD_REQUEST, "missing"));
        assertThat(WireError.of(new KmsException(ErrorCode.DISABLED, "disabled")).status())
                .isEqualTo(HttpResponseStatus.BAD_REQUEST);
    }
}
