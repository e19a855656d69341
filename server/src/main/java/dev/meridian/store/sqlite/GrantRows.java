package dev.meridian.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.model.Grant;
import dev.meridian.model.KeyReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The grant rows ({@code grants}, schema version 3). Used by {@link SqliteStore} inside its transactions.
 */
final class GrantRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> CONTEXT = new TypeReference<>() { };

    private GrantRows() {
    }

    static void putGrant(Connection connection, Grant grant) throws SQLException {
        KeyReference key = grant.key();
        Grant.Constraints constraints = grant.constraints();
        SqlStatements.update(connection, "INSERT OR REPLACE INTO grants (account, region, key_id, grant_id, name, creation_date,"
                        + " grantee_principal, grantee_service_principal, retiring_principal, retiring_service_principal,"
                        + " operations, context_equals, context_subset, source_arn)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                key.account().value(), key.region().name(), key.keyId().value(), grant.grantId(), grant.name(),
                grant.creationDate().toEpochMilli(), grant.granteePrincipal(), grant.granteeServicePrincipal(),
                grant.retiringPrincipal(), grant.retiringServicePrincipal(), String.join(",", grant.operations()),
                json(constraints.sortedEquals()), json(constraints.sortedSubset()), constraints.sourceArn());
    }

    static void deleteGrant(Connection connection, KeyReference key, String grantId) throws SQLException {
        SqlStatements.update(connection, "DELETE FROM grants WHERE account = ? AND region = ? AND key_id = ? AND grant_id = ?",
                key.account().value(), key.region().name(), key.keyId().value(), grantId);
    }

    /** Removes every grant of a deleted key. */
    static void deleteKey(Connection connection, KeyReference key) throws SQLException {
        SqlStatements.update(connection, "DELETE FROM grants WHERE account = ? AND region = ? AND key_id = ?",
                key.account().value(), key.region().name(), key.keyId().value());
    }

    static List<Grant> loadGrants(Connection connection) throws SQLException {
        List<Grant> grants = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM grants");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                grants.add(Grant.builder()
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
                        .build());
            }
        }
        return grants;
    }

    private static String json(Map<String, String> context) throws SQLException {
        if (context == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(context);
        } catch (JsonProcessingException e) {
            throw new SQLException("Cannot encode a grant constraint", e);
        }
    }

    private static Map<String, String> context(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, CONTEXT);
        } catch (JsonProcessingException e) {
            throw new SQLException("Cannot decode a grant constraint", e);
        }
    }
}
