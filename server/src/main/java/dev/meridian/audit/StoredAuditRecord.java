package dev.meridian.audit;

import java.time.Instant;
import java.util.List;

/**
 * A record as the log stores it: the fields LookupEvents returns on their own, and the whole CloudTrail
 * event as a JSON string.
 *
 * @param position where the record sits in the newest-first order
 * @param userName the LookupEvents {@code Username}, or null
 * @param accessKeyId the access key the request was signed with, or null
 * @param cloudTrailEvent the full record, as JSON
 */
public record StoredAuditRecord(AuditPosition position, String eventId, String eventName, boolean readOnly,
        String accessKeyId, String userName, List<AuditResource> resources, String cloudTrailEvent) {
    public StoredAuditRecord {
        resources = List.copyOf(resources);
    }

    public Instant eventTime() {
        return position.eventTime();
    }
}
