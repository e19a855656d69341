package dev.meridian.audit.postgres;

import dev.meridian.audit.AuditEvent;
import dev.meridian.audit.AuditPage;
import dev.meridian.audit.AuditPosition;
import dev.meridian.audit.AuditQuery;
import dev.meridian.audit.CloudTrailRecordFormat;
import dev.meridian.audit.StoredAuditRecord;
import dev.meridian.audit.codec.AuditEventCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One LookupEvents page as SQL: the records of the account (and Region) in the time range that match the
 * attribute, strictly after the position, newest first by {@code (event_time, id)}, and one more than the page
 * holds (to know whether another page follows).
 *
 * <ul>
 *   <li>No attribute, or one with an index ({@code EventId}, {@code EventName}, {@code ResourceName},
 *       {@code ReadOnly}; {@code EventSource} matches every record or none): one indexed query.</li>
 *   <li>An attribute without an index ({@code Username}, {@code AccessKeyId}, {@code ResourceType}): matched
 *       along the time index, at most {@code rowsPerLookup} records per lookup. When those hold too few matches
 *       for the page, the page ends with what they held, possibly nothing, and goes on after the last record
 *       read, as CloudTrail's own LookupEvents may answer: no call reads the whole history. One statement, so
 *       one snapshot: the page and where it ends agree while other nodes append.</li>
 * </ul>
 */
final class LookupStatement {
    private final String sql;
    private final List<Object> arguments;
    private final int maxResults;
    /** How many records the statement reads at most, or 0 when it reads by an index. */
    private final int window;

    private LookupStatement(String sql, List<Object> arguments, int maxResults, int window) {
        this.sql = sql;
        this.arguments = List.copyOf(arguments);
        this.maxResults = maxResults;
        this.window = window;
    }

    /** The statement for {@code query}; empty when no record can match its attribute (the value cannot occur). */
    static Optional<LookupStatement> of(AuditQuery query, int rowsPerLookup) {
        StringBuilder where = new StringBuilder(" WHERE account = ?");
        List<Object> arguments = new ArrayList<>();
        arguments.add(query.accountId());
        if (query.region() != null) {
            where.append(" AND region = ?");
            arguments.add(query.region());
        }
        if (query.startTime() != null) {
            where.append(" AND event_time >= ?");
            arguments.add(timestamp(query.startTime()));
        }
        if (query.endTime() != null) {
            where.append(" AND event_time <= ?");
            arguments.add(timestamp(query.endTime()));
        }
        if (query.after() != null) {
            where.append(" AND (event_time, id) < (?, ?)");
            arguments.add(timestamp(query.after().eventTime()));
            arguments.add(query.after().sequence());
        }
        String newestFirst = " ORDER BY event_time DESC, id DESC";
        AuditQuery.Attribute attribute = query.attribute();
        String value = attribute == null ? null : attribute.value();
        String indexed = attribute == null ? "" : switch (attribute.key()) {
            case EventId -> " AND event_id = ?";
            case EventName -> " AND event_name = ?";
            case ResourceName -> " AND resource_names @> ARRAY[?::text]";
            case ReadOnly -> value.equals("true") ? " AND read_only" : value.equals("false") ? " AND NOT read_only" : null;
            case EventSource -> AuditEvent.EVENT_SOURCE.equals(value) ? "" : null;
            case Username, AccessKeyId, ResourceType -> "";
        };
        if (indexed == null) {
            return Optional.empty();
        }
        String unindexed = attribute == null ? null : switch (attribute.key()) {
            case Username -> "user_name = ?";
            case AccessKeyId -> "access_key_id = ?";
            case ResourceType -> "resource_types @> ARRAY[?::text]";
            default -> null;
        };
        if (unindexed == null) {
            if (indexed.contains("?")) {
                arguments.add(value);
            }
            arguments.add(query.maxResults() + 1);
            return Optional.of(new LookupStatement("SELECT id, event_time, TRUE, 0, event FROM audit_records" + where
                    + indexed + newestFirst + " LIMIT ?", arguments, query.maxResults(), 0));
        }
        // The window of records read, numbered; of them, those that match and the last one (where the next page starts).
        List<Object> windowed = new ArrayList<>();
        windowed.add(value);
        windowed.addAll(arguments);
        windowed.add(rowsPerLookup);
        windowed.add(rowsPerLookup);
        windowed.add(query.maxResults() + 2);
        return Optional.of(new LookupStatement("SELECT id, event_time, matched, place, CASE WHEN matched THEN event END"
                + " FROM (SELECT id, event_time, event, matched, row_number() OVER (" + newestFirst.substring(1) + ") AS place"
                + " FROM (SELECT id, event_time, event, (" + unindexed + ") IS TRUE AS matched FROM audit_records" + where
                + newestFirst + " LIMIT ?) AS scanned) AS numbered WHERE matched OR place = ?" + newestFirst + " LIMIT ?",
                windowed, query.maxResults(), rowsPerLookup));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Runs the statement: the page, and where the next one starts. */
    AuditPage read(Connection connection) throws SQLException {
        List<StoredAuditRecord> records = new ArrayList<>();
        AuditPosition endOfWindow = null;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int index = 0; index < arguments.size(); index++) {
                statement.setObject(index + 1, arguments.get(index));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next() && records.size() <= maxResults) {
                    if (rows.getBoolean(3)) {
                        records.add(record(rows.getLong(1), AuditEventCodec.decode(rows.getBytes(5))));
                    }
                    if (window > 0 && rows.getLong(4) == window) {
                        endOfWindow = new AuditPosition(rows.getObject(2, OffsetDateTime.class).toInstant(), rows.getLong(1));
                    }
                }
            }
        }
        if (records.size() > maxResults) {
            records = records.subList(0, maxResults);
            return new AuditPage(records, records.get(records.size() - 1).position());
        }
        return new AuditPage(records, endOfWindow);
    }

    private static StoredAuditRecord record(long id, AuditEvent event) {
        return new StoredAuditRecord(new AuditPosition(event.eventTime(), id), event.eventId(), event.eventName(),
                event.readOnly(), event.userIdentity().accessKeyId(), event.userIdentity().userName(),
                event.lookupResources(), CloudTrailRecordFormat.toJson(event));
    }
}
