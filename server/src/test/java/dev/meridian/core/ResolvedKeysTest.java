package dev.meridian.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.Region;
import dev.meridian.model.RequestContext;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Operations report the keys they resolved for a request, by the name and Region the request gave. */
class ResolvedKeysTest {
    private static final String REGION = "us-east-1";
    private final CoreFixture core = new CoreFixture();

    @AfterEach
    void close() {
        core.close();
    }

    private static RequestContext request() {
        RequestContext root = CoreFixture.caller(REGION);
        return new RequestContext(root.principal(), root.region(), "192.0.2.1", Instant.EPOCH, "request", "event", false);
    }

    private String createKey() {
        return core.lifecycle.createKey(CoreFixture.caller(REGION), new CreateKeyRequest(null, null, null, null, null,
                false, null, false, null)).record().reference().keyId().value();
    }

    @Test
    void anOperationReportsTheKeyEachNameItResolvedNamed() {
        String keyId = createKey();
        String arn = CoreFixture.reference(REGION, keyId).arn();
        RequestContext request = request();
        core.lifecycle.disableKey(request, keyId);
        core.lifecycle.describeKey(request, arn);
        assertThat(request.resolvedKeys().arnOf(Region.of(REGION), keyId)).isEqualTo(arn);
        assertThat(request.resolvedKeys().arnOf(Region.of(REGION), arn)).isEqualTo(arn);
        assertThat(request.resolvedKeys().arnOf(Region.of("eu-west-1"), keyId)).isNull();
        assertThat(request.inRegion(Region.of("eu-west-1")).resolvedKeys()).isSameAs(request.resolvedKeys());
    }

    @Test
    void aNameThatNamesNoKeyIsNotReported() {
        RequestContext request = request();
        String missing = "1234abcd-12ab-34cd-56ef-1234567890ab";
        assertThatThrownBy(() -> core.lifecycle.describeKey(request, missing)).isInstanceOf(KmsException.class);
        assertThat(request.resolvedKeys().arnOf(Region.of(REGION), missing)).isNull();
    }

    @Test
    void theCoresOwnContextsRememberNothing() {
        String keyId = createKey();
        RequestContext own = CoreFixture.caller(REGION);
        core.lifecycle.describeKey(own, keyId);
        assertThat(own.resolvedKeys().arnOf(Region.of(REGION), keyId)).isNull();
    }
}
