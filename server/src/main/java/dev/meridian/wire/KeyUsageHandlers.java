package dev.meridian.wire;

import dev.meridian.core.KeyUsageTracker;
import dev.meridian.model.KeyLastUsage;

/** GetKeyLastUsage; reads memory only, so it runs on the event loop. */
final class KeyUsageHandlers {
    private KeyUsageHandlers() {
    }

    static void register(Operations operations, KeyUsageTracker usage) {
        operations.add("GetKeyLastUsage", Execution.EVENT_LOOP, (caller, request) -> {
            KeyUsageTracker.Report report = usage.getKeyLastUsage(caller, request.string("KeyId"));
            var response = Json.object().put("KeyId", report.key().keyId().value());
            KeyLastUsage last = report.lastUsage();
            if (last != null) {
                var lastUsage = response.putObject("KeyLastUsage").put("Operation", last.operation())
                        .put("Timestamp", Json.epochSeconds(last.timestamp()));
                if (last.cloudTrailEventId() != null) {
                    lastUsage.put("CloudTrailEventId", last.cloudTrailEventId());
                }
                if (last.requestId() != null) {
                    lastUsage.put("KmsRequestId", last.requestId());
                }
            }
            return response.put("TrackingStartDate", Json.epochSeconds(report.trackingStartDate()))
                    .put("KeyCreationDate", Json.epochSeconds(report.keyCreationDate()));
        });
    }
}
