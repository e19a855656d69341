package dev.meridian.audit;

import java.time.Instant;

/**
 * A place in the newest-first order of records: the event time of the last record returned and its
 * storage sequence number, which breaks ties between records of the same second.
 */
public record AuditPosition(Instant eventTime, long sequence) {
}
