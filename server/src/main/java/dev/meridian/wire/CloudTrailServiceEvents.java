package dev.meridian.wire;

import dev.meridian.audit.AuditEvent;
import dev.meridian.audit.AuditLog;
import dev.meridian.audit.AuditResource;
import dev.meridian.audit.UserIdentity;
import dev.meridian.core.ServiceEvent;
import dev.meridian.core.ServiceEventListener;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records the service's own events as AWS KMS writes them in CloudTrail: made by {@code AWS Internal}
 * (no user), in the Region of the key.
 * <ul>
 *   <li>{@code SynchronizeMultiRegionKey}: an {@code AwsApiCall} with a request ID, no request
 *       parameters, the primary key as resource and its ARN in {@code responseElements.keyId}.</li>
 *   <li>{@code RotateKey} and {@code DeleteKey}: an {@code AwsServiceEvent} without a request ID, the key
 *       ID in {@code serviceEventDetails}; for {@code RotateKey} also the rotation type, the key's origin and
 *       the previous and current key material IDs, as AWS's records of 2025 show them.</li>
 * </ul>
 */
public final class CloudTrailServiceEvents implements ServiceEventListener {
    private final AuditLog log;

    public CloudTrailServiceEvents(AuditLog log) {
        this.log = log;
    }

    @Override
    public void serviceEventHappened(ServiceEvent event) {
        String account = event.key().account().toString();
        String arn = event.key().arn();
        AuditEvent.Builder record = AuditEvent.builder()
                .eventTime(event.time()).eventName(event.kind().eventName()).awsRegion(event.key().region().toString())
                .sourceIpAddress(UserIdentity.AWS_INTERNAL).userAgent(UserIdentity.AWS_INTERNAL)
                .userIdentity(UserIdentity.service(account)).readOnly(false).recipientAccountId(account)
                .resource(AuditResource.kmsKey(arn));
        if (event.kind() == ServiceEvent.Kind.SYNCHRONIZE_MULTI_REGION_KEY) {
            record.requestId(AuditEvent.randomId()).responseElements(Map.of("keyId", arn));
        } else {
            record.eventType(AuditEvent.EventType.AwsServiceEvent).serviceEventDetails(details(event));
        }
        log.record(record.build());
    }

    /**
     * The key ID; for a rotation also its type, the key's origin and the material it replaced and made
     * current; for expired material its key material ID.
     */
    private static Map<String, Object> details(ServiceEvent event) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (event.details() instanceof ServiceEvent.MaterialRotation rotation) {
            details.put("rotationType", rotation.rotationType().name());
            details.put("keyOrigin", rotation.keyOrigin().name());
            details.put("previousKeyMaterialId", rotation.previousKeyMaterialId());
            details.put("currentKeyMaterialId", rotation.currentKeyMaterialId());
        }
        details.put("keyId", event.key().keyId().toString());
        if (event.details() instanceof ServiceEvent.ExpiredMaterial expired) {
            details.put("keyMaterialId", expired.keyMaterialId());
        }
        return details;
    }
}
