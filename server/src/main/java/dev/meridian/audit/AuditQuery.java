package dev.meridian.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * A LookupEvents question: the records of one account in one Region (or, for the console, in every Region),
 * optionally those matching one attribute, within a time range (both ends included), at most
 * {@code maxResults} of them, after a position that an earlier page returned.
 *
 * @param region the Region, or null for every Region of the account: newest first across them by the order in
 *     which the records were stored (the records of one stored batch, a few milliseconds of requests, come
 *     Region by Region)
 * @param attribute the one attribute to match, or null for every record
 * @param startTime the earliest event time, or null
 * @param endTime the latest event time, or null
 * @param after the position to continue after (exclusive), or null for the newest record
 */
public record AuditQuery(String accountId, String region, Attribute attribute, Instant startTime, Instant endTime,
        int maxResults, AuditPosition after) {

    /** The attributes LookupEvents can match, and the value to match. */
    public record Attribute(Key key, String value) {
        public Attribute {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** CloudTrail's lookup attribute keys. */
    public enum Key {
        EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId
    }

    public AuditQuery {
        Objects.requireNonNull(accountId, "accountId");
        if (maxResults < 1) {
            throw new IllegalArgumentException("maxResults must be at least 1");
        }
    }
}
