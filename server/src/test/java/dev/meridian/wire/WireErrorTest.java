package dev.meridian.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.ErrorCode;
import dev.meridian.core.KmsException;
import dev.meridian.wire.model.ServiceModel;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
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

    @Test
    void aStoreTimeoutIsKmsInternalExceptionWhereTheOperationsModelDoesNotListDependencyTimeout() {
        ServiceModel model = ServiceModel.loadDefault();
        KmsException timedOut = new KmsException(ErrorCode.DEPENDENCY_TIMEOUT,
                "The system timed out while trying to fulfill the request. You can retry the request.");
        WireError internal = new WireError("KMSInternalException", HttpResponseStatus.INTERNAL_SERVER_ERROR,
                "The request was rejected because an internal exception occurred. The request can be retried.");
        for (String unlisted : List.of("TagResource", "UntagResource", "ReplicateKey", "UpdatePrimaryRegion")) {
            assertThat(model.operation(unlisted).orElseThrow().errorShapeNames()).doesNotContain("DependencyTimeoutException");
            assertThat(WireError.of(timedOut, model.operation(unlisted).orElseThrow())).as(unlisted).isEqualTo(internal);
        }
        for (String listed : List.of("CreateAlias", "CreateKey", "DisableKey", "Encrypt")) {
            assertThat(WireError.of(timedOut, model.operation(listed).orElseThrow())).as(listed).isEqualTo(
                    new WireError("DependencyTimeoutException", HttpResponseStatus.INTERNAL_SERVER_ERROR, timedOut.getMessage()));
        }
        // Any other error is as the operation-free mapping sends it.
        KmsException missing = new KmsException(ErrorCode.NOT_FOUND, "missing");
        assertThat(WireError.of(missing, model.operation("TagResource").orElseThrow())).isEqualTo(WireError.of(missing));
    }
}
