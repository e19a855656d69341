package dev.meridian.audit;

import java.util.List;

/**
 * One page of a lookup: records newest first, and where the next page starts (null when this is the
 * last page).
 */
public record AuditPage(List<StoredAuditRecord> records, AuditPosition next) {
    public AuditPage {
        records = List.copyOf(records);
    }
}
