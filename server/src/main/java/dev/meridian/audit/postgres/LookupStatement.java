package dev.meridian.audit.postgres;

import dev.meridian.audit.AuditEvent;
import dev.meridian.audit.AuditQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of one LookupEvents page: the records of the account (and Region) that match the attribute and the time
 * range, strictly after the position, newest first by {@code (event_time, id)}, one more than the page holds (to
 * know whether another page follows). Each condition is one an index of {@code V1__audit_records.sql} serves.
 */
final class LookupStatement {
    private final String sql;
    private final List<Object> arguments;

    private LookupStatement(String sql, List<Object> arguments) {
        this.sql = sql;
        this.arguments = arguments;
    }

    /** The statement for {@code query}; empty when no record can match its attribute (the value cannot occur). */
    static Optional<LookupStatement> of(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT id, event FROM audit_records WHERE account = ?");
        List<Object> arguments = new ArrayList<>();
        arguments.add(query.accountId());
        if (query.region() != null) {
            sql.append(" AND region = ?");
            arguments.add(query.region());
        }
        if (query.attribute() != null && !attribute(query.attribute(), sql, arguments)) {
            return Optional.empty();
        }
        if (query.startTime() != null) {
            sql.append(" AND event_time >= ?");
            arguments.add(timestamp(query.startTime()));
        }
        if (query.endTime() != null) {
            sql.append(" AND event_time <= ?");
            arguments.add(timestamp(query.endTime()));
        }
        if (query.after() != null) {
            sql.append(" AND (event_time, id) < (?, ?)");
            arguments.add(timestamp(query.after().eventTime()));
            arguments.add(query.after().sequence());
        }
        sql.append(" ORDER BY event_time DESC, id DESC LIMIT ?");
        arguments.add(query.maxResults() + 1);
        return Optional.of(new LookupStatement(sql.toString(), List.copyOf(arguments)));
    }

    /** Appends the attribute's condition; false when no record can have the value. */
    private static boolean attribute(AuditQuery.Attribute attribute, StringBuilder sql, List<Object> arguments) {
        String value = attribute.value();
        switch (attribute.key()) {
            case EventId -> sql.append(" AND event_id = ?");
            case EventName -> sql.append(" AND event_name = ?");
            case Username -> sql.append(" AND user_name = ?");
            case AccessKeyId -> sql.append(" AND access_key_id = ?");
            case ResourceName -> sql.append(" AND resource_names @> ARRAY[?::text]");
            case ResourceType -> sql.append(" AND resource_types @> ARRAY[?::text]");
            case ReadOnly -> {
                if (!value.equals("true") && !value.equals("false")) {
                    return false;
                }
                sql.append(value.equals("true") ? " AND read_only" : " AND NOT read_only");
                return true;
            }
            case EventSource -> {
                return AuditEvent.EVENT_SOURCE.equals(value);
            }
        }
        arguments.add(value);
        return true;
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    PreparedStatement prepare(Connection connection) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int index = 0; index < arguments.size(); index++) {
                statement.setObject(index + 1, arguments.get(index));
            }
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
        return statement;
    }
}
