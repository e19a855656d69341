package dev.meridian.core;

import dev.meridian.model.Grant;
import java.util.List;

/**
 * What CreateGrant asks for, in domain terms. Absent members are null; {@code operations} keeps the
 * client's order; {@code constraints} is null when the request has none.
 */
public record CreateGrantRequest(String keyId, String granteePrincipal, String granteeServicePrincipal,
        String retiringPrincipal, String retiringServicePrincipal, List<String> operations,
        Grant.Constraints constraints, String name) {
    public CreateGrantRequest {
        operations = operations == null ? List.of() : List.copyOf(operations);
    }
}
