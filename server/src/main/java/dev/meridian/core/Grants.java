package dev.meridian.core;

import dev.meridian.model.Grant;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.RequestContext;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * CreateGrant, ListGrants, ListRetirableGrants, RetireGrant and RevokeGrant, and the check of grant
 * tokens for every operation that takes them. Grants are per key and per Region: a replica has its own.
 * What a grant allows its grantee is decided by {@link AccessControl} (with {@link GrantAccess}), as is who
 * may retire a grant. Thread-safe.
 */
public final class Grants {
    /** AWS's quota of grants per key. */
    public static final int MAXIMUM_GRANTS_PER_KEY = 50_000;
    private final KeyRegistry registry;
    private final KeyResolver resolver;
    private final Clock clock;
    private final int maximumGrantsPerKey;

    /** What CreateGrant answers: the grant's ID and a new token for it. */
    public record CreatedGrant(String grantId, String grantToken) {
    }

    Grants(KeyRegistry registry, Clock clock, int maximumGrantsPerKey) {
        this.registry = registry;
        this.resolver = new KeyResolver(registry);
        this.clock = clock;
        this.maximumGrantsPerKey = maximumGrantsPerKey;
    }

    /**
     * Adds a grant to a key. With a {@code Name}, a request that repeats an existing grant of the key (same
     * name, principals, operations and constraints) returns that grant's ID, with a new token, and adds
     * nothing; a request with the same name and other parameters adds a new grant.
     */
    public CreatedGrant createGrant(RequestContext caller, CreateGrantRequest request) {
        Grant.Constraints constraints = normalized(request.constraints());
        GrantRules.checkRequest(request, constraints);
        // Each operation once, in the request's order, before the write: the list is as long as the caller made it.
        List<String> operations = List.copyOf(new LinkedHashSet<>(request.operations()));
        return registry.write(mutation -> {
            KeyRecord key = key(caller, request.keyId(), createGrantAccess(request, operations, constraints));
            GrantRules.checkKey(key, operations, constraints);
            Grant grant = Grant.builder()
                    .key(key.reference())
                    .grantId(GrantTokens.newGrantId())
                    .name(request.name())
                    .creationDate(clock.instant())
                    .granteePrincipal(request.granteePrincipal())
                    .granteeServicePrincipal(request.granteeServicePrincipal())
                    .retiringPrincipal(request.retiringPrincipal())
                    .retiringServicePrincipal(request.retiringServicePrincipal())
                    .operations(operations)
                    .constraints(constraints)
                    .build();
            if (grant.name() != null) {
                for (Grant existing : registry.grantsOf(key.reference())) {
                    if (grant.name().equals(existing.name()) && existing.sameParameters(grant)) {
                        return new CreatedGrant(existing.grantId(), GrantTokens.newToken(existing, registry.rootKey()));
                    }
                }
            }
            int count = registry.grantCount(key.reference());
            if (count >= maximumGrantsPerKey) {
                throw new KmsException(ErrorCode.LIMIT_EXCEEDED, "Grants per key quota for this account in this region is "
                        + maximumGrantsPerKey + ", current usage is " + count + ".");
            }
            mutation.putGrant(grant);
            return new CreatedGrant(grant.grantId(), GrantTokens.newToken(grant, registry.rootKey()));
        });
    }

    /**
     * The grants of a key (in any state), in grant ID order, optionally only the one with {@code grantId}
     * or those of one grantee; pages of 50 by default, 100 at most.
     */
    public Page<Grant> listGrants(RequestContext caller, String keyId, String grantId, String granteePrincipal,
            String granteeServicePrincipal, Integer limit, String marker) {
        String after = Pagination.position(marker);
        KeyReference key = key(caller, keyId, Access.to("ListGrants").with("kms:GrantIsForAWSResource", false)).reference();
        if (grantId != null && !GrantTokens.isGrantId(grantId)) {
            throw GrantTokens.invalidGrantId();
        }
        List<Grant> grants = registry.grantsOf(key).stream()
                .filter(grant -> after == null || grant.grantId().compareTo(after) > 0)
                .filter(grant -> grantId == null || grant.grantId().equals(grantId))
                .filter(grant -> granteePrincipal == null || granteePrincipal.equals(grant.granteePrincipal()))
                .filter(grant -> granteeServicePrincipal == null
                        || granteeServicePrincipal.equals(grant.granteeServicePrincipal()))
                .limit(101)
                .toList();
        return Pagination.page(grants, limit, 50, 100, Grant::grantId);
    }

    /** The grants of every key of the caller's account and Region that name this retiring principal. */
    public Page<Grant> listRetirableGrants(RequestContext caller, String retiringPrincipal, String retiringServicePrincipal,
            Integer limit, String marker) {
        if (retiringPrincipal == null && retiringServicePrincipal == null) {
            throw KmsException.validation("1 validation error detected: Value null at 'retiringPrincipal' failed to"
                    + " satisfy constraint: Member must not be null");
        }
        String after = Pagination.position(marker);
        registry.accessControl().authorizeByIdentity(caller, Access.to("ListRetirableGrants"), "*");
        List<Grant> grants = registry.grantsIn(caller.account(), caller.region()).stream()
                .filter(grant -> after == null || position(grant).compareTo(after) > 0)
                .filter(grant -> retiringPrincipal == null || retiringPrincipal.equals(grant.retiringPrincipal()))
                .filter(grant -> retiringServicePrincipal == null
                        || retiringServicePrincipal.equals(grant.retiringServicePrincipal()))
                .limit(101)
                .toList();
        return Pagination.page(grants, limit, 50, 100, Grants::position);
    }

    /** Deletes a grant named by its token, or by key and grant ID; the key may be in any state. */
    public void retireGrant(RequestContext caller, String grantToken, String keyId, String grantId) {
        if (grantToken == null && (keyId == null || grantId == null)) {
            throw KmsException.validation("Grant token OR (grant ID, key ID) must be specified");
        }
        // The token is opened before the write (its first check), so that no decryption holds the lock.
        GrantTokens.Target target = grantToken == null ? null : GrantTokens.parse(grantToken, registry.rootKey());
        registry.write(mutation -> {
            Grant grant;
            if (target != null) {
                if (!target.key().region().equals(caller.region())) {
                    throw GrantTokens.invalidToken();
                }
                grant = existing(target.key(), target.grantId());
            } else {
                grant = grant(caller, keyId, grantId, null);
            }
            KeyEntry key = registry.find(grant.key());
            if (key != null) {
                registry.accessControl().authorizeRetirement(caller, grant, key.record());
            }
            mutation.deleteGrant(grant);
            return null;
        });
    }

    /** Deletes a grant of a key (in any state). */
    public void revokeGrant(RequestContext caller, String keyId, String grantId) {
        registry.write(mutation -> {
            mutation.deleteGrant(grant(caller, keyId, grantId,
                    Access.to("RevokeGrant").with("kms:GrantIsForAWSResource", false)));
            return null;
        });
    }

    /**
     * Checks the {@code GrantTokens} of a request: each must be a grant token Meridian issued, else
     * {@code InvalidGrantTokenException}. A token stays well-formed after its grant is retired. A token whose grant this
     * process does not hold yet (another node sharing the store created it) catches up with the store once.
     */
    public void checkGrantTokens(List<String> grantTokens) {
        boolean caughtUp = false;
        for (String token : grantTokens) {
            GrantTokens.Target target = GrantTokens.parse(token, registry.rootKey());
            if (!caughtUp && registry.grant(target.key(), target.grantId()) == null) {
                // A grant another node created a moment ago: its token makes it usable here at once, as in AWS.
                registry.catchUpAfterMiss();
                caughtUp = true;
            }
        }
    }

    /** The grant of the key {@code keyId} names, once the caller is allowed {@code access} (null: no check here). */
    private Grant grant(RequestContext caller, String keyId, String grantId, Access access) {
        KeyReference key = key(caller, keyId, access).reference();
        if (!GrantTokens.isGrantId(grantId)) {
            throw GrantTokens.invalidGrantId();
        }
        return existing(key, grantId);
    }

    private Grant existing(KeyReference key, String grantId) {
        Grant grant = registry.grant(key, grantId);
        if (grant == null) {
            throw KmsException.notFound("Grant " + grantId + " does not exist for key '" + key.arn() + "'.");
        }
        return grant;
    }

    /**
     * The key of a grant operation: named by key ID or key ARN; aliases are refused. The caller must be allowed
     * {@code access}; null for RetireGrant, whose permission comes from the grant ({@link AccessControl#authorizeRetirement}).
     */
    private KeyRecord key(RequestContext caller, String keyId, Access access) {
        return access == null ? resolver.locate(caller, keyId, KeyResolver.AliasNames.REFUSED).record()
                : resolver.resolve(caller, keyId, KeyResolver.AliasNames.REFUSED, access).record();
    }

    /**
     * CreateGrant's permission, with its condition keys: {@code kms:GrantOperations}, {@code kms:GranteePrincipal},
     * {@code kms:RetiringPrincipal}, {@code kms:GrantConstraintType}, {@code kms:GrantIsForAWSResource} (false: every
     * call is direct) and the constraint's encryption context as {@code kms:EncryptionContext:*} and
     * {@code kms:EncryptionContextKeys}. The grants that allow CreateGrant are not held to that context.
     */
    static Access createGrantAccess(CreateGrantRequest request, List<String> operations, Grant.Constraints constraints) {
        Map<String, String> context = constraints.encryptionContextEquals() != null ? constraints.encryptionContextEquals()
                : constraints.encryptionContextSubset();
        String constraintType = constraints.encryptionContextEquals() != null ? "EncryptionContextEquals"
                : constraints.encryptionContextSubset() != null ? "EncryptionContextSubset" : null;
        Access access = Access.to("CreateGrant").withAll("kms:GrantOperations", operations)
                .with("kms:GranteePrincipal", request.granteePrincipal())
                .with("kms:RetiringPrincipal", request.retiringPrincipal())
                .with("kms:GrantConstraintType", constraintType)
                .with("kms:GrantIsForAWSResource", false);
        if (context != null) {
            access = access.withEncryptionContext(context);
        }
        return access.withoutGrantConstraints();
    }

    private static String position(Grant grant) {
        return grant.key().keyId().value() + "/" + grant.grantId();
    }

    private static Grant.Constraints normalized(Grant.Constraints constraints) {
        if (constraints == null) {
            return Grant.Constraints.NONE;
        }
        Map<String, String> equals = emptyToNull(constraints.encryptionContextEquals());
        Map<String, String> subset = emptyToNull(constraints.encryptionContextSubset());
        return new Grant.Constraints(equals, subset, constraints.sourceArn());
    }

    private static Map<String, String> emptyToNull(Map<String, String> context) {
        return context == null || context.isEmpty() ? null : context;
    }
}
