package dev.meridian.store.rows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.model.Grant;
import dev.meridian.model.KeyReference;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The grant rows ({@code grants}: SQLite schema version 3, PostgreSQL version 1). Used by both stores inside their
 * transactions.
 */
public final class GrantRows {
    private static final String PUT_GRANT = SqlStatements.upsert("grants", List.of("account", "region", "key_id",
            "grant_id", "name", "creation_date", "grantee_principal", "grantee_service_principal", "retiring_principal",
            "retiring_service_principal", "operations", "context_equals", "context_subset", "source_arn"), 4);
    private static final TypeReference<Map<String, String>> CONTEXT = new TypeReference<>() { };

    /** Made when a grant's constraint is first written or read: a store that loads no such grant builds none. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private GrantRows() {
    }

    public static void putGrant(Connection connection, Grant grant) throws SQLException {
        KeyReference key = grant.key();
        Grant.Constraints constraints = grant.constraints();
        SqlStatements.update(connection, PUT_GRANT,
                key.account().value(), key.region().name(), key.keyId().value(), grant.grantId(), grant.name(),
                grant.creationDate().toEpochMilli(), grant.granteePrincipal(), grant.granteeServicePrincipal(),
                grant.retiringPrincipal(), grant.retiringServicePrincipal(), String.join(",", grant.operations()),
                json(constraints.sortedEquals()), json(constraints.sortedSubset()), constraints.sourceArn());
    }

    public static void deleteGrant(Connection connection, KeyReference key, String grantId) throws SQLException {
        SqlStatements.update(connection, "DELETE FROM grants WHERE account = ? AND region = ? AND key_id = ? AND grant_id = ?",
                key.account().value(), key.region().name(), key.keyId().value(), grantId);
    }

    /** Removes every grant of a deleted key. */
    public static void deleteKey(Connection connection, KeyReference key) throws SQLException {
        SqlStatements.update(connection, "DELETE FROM grants WHERE account = ? AND region = ? AND key_id = ?",
                key.account().value(), key.region().name(), key.keyId().value());
    }

    /** Every grant. */
    public static List<Grant> loadGrants(Connection connection) throws SQLException {
        return loadGrants(connection, "");
    }

    /** The grants of the rows {@code condition} (a {@code WHERE} clause, or empty) selects. */
    public static List<Grant> loadGrants(Connection connection, String condition, Object... parameters) throws SQLException {
        return SqlStatements.query(connection, "SELECT * FROM grants" + condition, rows -> Grant.builder()
                .key(SqlStatements.reference(rows))
                .grantId(rows.getString("grant_id"))
                .name(rows.getString("name"))
                .creationDate(Instant.ofEpochMilli(rows.getLong("creation_date")))
                .granteePrincipal(rows.getString("grantee_principal"))
                .granteeServicePrincipal(rows.getString("grantee_service_principal"))
                .retiringPrincipal(rows.getString("retiring_principal"))
                .retiringServicePrincipal(rows.getString("retiring_service_principal"))
                .operations(Arrays.asList(rows.getString("operations").split(",")))
                .constraints(new Grant.Constraints(context(rows.getString("context_equals")),
                        context(rows.getString("context_subset")), rows.getString("source_arn")))
                .build(), parameters);
    }

    private static String json(Map<String, String> context) throws SQLException {
        if (context == null) {
            return null;
        }
        try {
            return Json.MAPPER.writeValueAsString(context);
        } catch (JsonProcessingException e) {
            throw new SQLException("Cannot encode a grant constraint", e);
        }
    }

    private static Map<String, String> context(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(json, CONTEXT);
        } catch (JsonProcessingException e) {
            throw new SQLException("Cannot decode a grant constraint", e);
        }
    }
}
