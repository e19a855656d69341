package dev.meridian.identity;

import dev.meridian.model.Principal;
import dev.meridian.model.PrincipalType;
import dev.meridian.model.RequestContext;
import dev.meridian.policy.AccessRequest;
import dev.meridian.policy.ConditionContext;
import dev.meridian.policy.Decision;
import dev.meridian.policy.Evaluation;
import dev.meridian.policy.IdentityPolicies;
import dev.meridian.policy.PolicyDocument;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * STS's GetCallerIdentity and AssumeRole, below the wire. AssumeRole validates its parameters with STS's
 * {@code ValidationError} texts, refuses an account's root ("Roles may not be assumed by root accounts.", as AWS),
 * finds the role in the {@link RoleDirectory}, evaluates the role's trust policy for {@code sts:AssumeRole} by the
 * caller (refusal: {@code AccessDenied}; the caller's identity policies are not consulted), bounds the duration (900 seconds to the
 * role's maximum session duration, and to one hour for a role's session assuming a role, "role chaining") and
 * issues stateless {@link SessionCredentials}. In development mode ({@link RoleDirectory#development()}) the root
 * may assume any role and no trust policy is read. Thread-safe.
 */
public final class SecurityTokenService {
    /** The action a trust policy allows. */
    public static final String ASSUME_ROLE_ACTION = "sts:AssumeRole";
    static final Duration DEFAULT_DURATION = Duration.ofHours(1);
    static final Duration SHORTEST_DURATION = Duration.ofMinutes(15);
    /** The longest session a role's session can get by assuming a role. */
    static final Duration LONGEST_CHAINED_DURATION = Duration.ofHours(1);
    /** The STS model's {@code roleDurationSecondsType} maximum. */
    private static final long MODEL_LONGEST_SECONDS = 43200;
    /** The STS model's {@code arnType} pattern: any printable character. */
    private static final Pattern ARN_CHARACTERS = Pattern.compile(
            "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\x{10000}-\\x{10FFFF}]+");
    private static final String ARN_PATTERN_TEXT =
            "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+";
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]*");

    private final RoleDirectory roles;
    private final SessionCredentials sessions;
    private final Clock clock;
    private final IdentityPolicies identityPolicies;

    /** A service whose callers have no identity policies (development mode, tests of the trust policy alone). */
    public SecurityTokenService(RoleDirectory roles, SessionCredentials sessions, Clock clock) {
        this(roles, sessions, clock, IdentityPolicies.NONE);
    }

    /**
     * A service that also reads the callers' {@code identityPolicies}: as in IAM, a trust policy that trusts only
     * the caller's account (its root or ID), or a role of another account, needs the caller's own identity policies
     * to allow {@code sts:AssumeRole} on the role too, and an explicit deny there always wins.
     */
    public SecurityTokenService(RoleDirectory roles, SessionCredentials sessions, Clock clock,
            IdentityPolicies identityPolicies) {
        this.roles = Objects.requireNonNull(roles, "roles");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.identityPolicies = Objects.requireNonNull(identityPolicies, "identityPolicies");
    }

    /** The store of the credentials this service issues, which authentication consults. */
    public SessionCredentials sessions() {
        return sessions;
    }

    /**
     * AssumeRole's parameters as the request gave them (null: absent).
     *
     * @param durationSeconds the session's requested length; null for the default hour
     * @param externalId the {@code sts:ExternalId} a trust policy may require
     */
    public record AssumeRoleRequest(String roleArn, String roleSessionName, Long durationSeconds, String externalId) {
    }

    /** AssumeRole's answer: the new credentials and the session's principal. */
    public record AssumedRole(SessionCredentials.Issued credentials, Principal principal) {
        /** {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}. */
        public String arn() {
            return principal.arn();
        }

        /** {@code ROLEID:SESSION}. */
        public String assumedRoleId() {
            return principal.principalId();
        }
    }

    /** GetCallerIdentity: the caller as the request's signature established it. */
    public Principal callerIdentity(RequestContext caller) {
        return caller.principal();
    }

    /** AssumeRole for {@code caller}; {@link StsException} with STS's error when refused. */
    public AssumedRole assumeRole(RequestContext caller, AssumeRoleRequest request) {
        validate(request);
        if (caller.principal().type() == PrincipalType.ROOT && !roles.isDevelopment()) {
            throw StsException.accessDenied("Roles may not be assumed by root accounts.");
        }
        RoleDirectory.AssumableRole found = roles.find(request.roleArn())
                .orElseThrow(() -> notAuthorized(caller.principal(), request.roleArn()));
        IdentityFile.Role role = found.role();
        String roleArn = "arn:" + caller.region().partition().arnName() + ":iam::" + found.account() + ":role"
                + role.path() + role.name();
        if (!roles.isDevelopment() && !trusted(caller, found, new AccessRequest(caller.principal(), ASSUME_ROLE_ACTION,
                roleArn, conditions(caller, request)))) {
            throw notAuthorized(caller.principal(), request.roleArn());
        }
        Duration duration = request.durationSeconds() == null ? DEFAULT_DURATION
                : Duration.ofSeconds(request.durationSeconds());
        if (caller.principal().type() == PrincipalType.ASSUMED_ROLE && duration.compareTo(LONGEST_CHAINED_DURATION) > 0) {
            throw StsException.validation(
                    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        }
        if (duration.compareTo(role.maxSessionDuration()) > 0) {
            throw StsException.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        Instant now = clock.instant();
        SessionCredentials.Issued issued = sessions.issue(new SessionCredentials.Session(found.account(),
                caller.region().partition(), role.path(), role.name(), role.roleId(), request.roleSessionName(),
                now, now.plus(duration)));
        return new AssumedRole(issued, issued.session().principal(issued.accessKeyId()));
    }

    /**
     * Whether the role's trust policy and the caller's identity policies together let the caller assume the role:
     * no explicit deny in either, the trust policy allows, and where it allows only through the caller's account or
     * the role is another account's, an identity policy allows too.
     */
    private boolean trusted(RequestContext caller, RoleDirectory.AssumableRole role, AccessRequest request) {
        Evaluation trust = role.role().trustPolicy().evaluation(request);
        Decision identity = Decision.NOT_ALLOWED;
        for (PolicyDocument policy : identityPolicies.of(caller.principal())) {
            identity = identity.and(policy.evaluate(request));
        }
        if (!trust.allowed() || identity == Decision.EXPLICITLY_DENIED) {
            return false;
        }
        boolean needsIdentity = trust.allowedOnlyThroughAccount() || !role.account().equals(caller.account());
        return !needsIdentity || identity == Decision.ALLOWED;
    }

    /** STS's refusal of an AssumeRole, the same for a role that does not exist and one that does not trust the caller. */
    private static StsException notAuthorized(Principal caller, String roleArn) {
        return StsException.accessDenied("User: " + caller.arn() + " is not authorized to perform: " + ASSUME_ROLE_ACTION
                + " on resource: " + roleArn);
    }

    /** The model's constraints, every violation named as STS names it ("2 validation errors detected: ..."). */
    private static void validate(AssumeRoleRequest request) {
        List<String> violations = new ArrayList<>();
        String roleArn = request.roleArn();
        if (roleArn == null) {
            violations.add(notNull("roleArn"));
        } else {
            if (!ARN_CHARACTERS.matcher(roleArn).matches()) {
                violations.add(violation(quoted(roleArn), "roleArn", "Member must satisfy regular expression pattern: "
                        + ARN_PATTERN_TEXT));
            }
            lengthViolations(violations, roleArn, "roleArn", 20, 2048);
        }
        String sessionName = request.roleSessionName();
        if (sessionName == null) {
            violations.add(notNull("roleSessionName"));
        } else {
            lengthViolations(violations, sessionName, "roleSessionName", 2, 64);
            if (!SESSION_NAME.matcher(sessionName).matches()) {
                violations.add(violation(quoted(sessionName), "roleSessionName",
                        "Member must satisfy regular expression pattern: [\\w+=,.@-]*"));
            }
        }
        Long seconds = request.durationSeconds();
        if (seconds != null && seconds < SHORTEST_DURATION.toSeconds()) {
            violations.add(violation(quoted(seconds.toString()), "durationSeconds",
                    "Member must have value greater than or equal to " + SHORTEST_DURATION.toSeconds()));
        } else if (seconds != null && seconds > MODEL_LONGEST_SECONDS) {
            violations.add(violation(quoted(seconds.toString()), "durationSeconds",
                    "Member must have value less than or equal to " + MODEL_LONGEST_SECONDS));
        }
        String externalId = request.externalId();
        if (externalId != null) {
            lengthViolations(violations, externalId, "externalId", 2, 1224);
            if (!EXTERNAL_ID.matcher(externalId).matches()) {
                violations.add(violation(quoted(externalId), "externalId",
                        "Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*"));
            }
        }
        if (!violations.isEmpty()) {
            throw StsException.validation(violations.size() + " validation error" + (violations.size() == 1 ? "" : "s")
                    + " detected: " + String.join("; ", violations));
        }
    }

    private static void lengthViolations(List<String> violations, String value, String member, int shortest, int longest) {
        int length = value.codePointCount(0, value.length());
        if (length < shortest) {
            violations.add(violation(quoted(value), member, "Member must have length greater than or equal to " + shortest));
        } else if (length > longest) {
            violations.add(violation(quoted(value), member, "Member must have length less than or equal to " + longest));
        }
    }

    private static String notNull(String member) {
        return violation("null", member, "Member must not be null");
    }

    private static String violation(String value, String member, String constraint) {
        return "Value " + value + " at '" + member + "' failed to satisfy constraint: " + constraint;
    }

    private static String quoted(String value) {
        return "'" + value + "'";
    }

    /** The condition keys of an AssumeRole request, which the trust policy's conditions read. */
    static ConditionContext conditions(RequestContext caller, AssumeRoleRequest request) {
        Principal principal = caller.principal();
        ConditionContext.Builder context = ConditionContext.builder()
                .put("aws:PrincipalArn", principal.type() == PrincipalType.ASSUMED_ROLE
                        ? principal.sessionIssuerArn() : principal.arn())
                .put("aws:PrincipalAccount", principal.account().value())
                .put("aws:PrincipalType", switch (principal.type()) {
                    case ROOT -> "Account";
                    case IAM_USER -> "User";
                    case ASSUMED_ROLE -> "AssumedRole";
                    case AWS_SERVICE -> "AWSService";
                })
                .put("aws:userid", principal.principalId())
                .put("aws:username", principal.type() == PrincipalType.IAM_USER ? principal.name() : null)
                .put("aws:SourceIp", caller.sourceIp())
                .put("aws:SecureTransport", Boolean.toString(caller.secureTransport()))
                .put("aws:RequestedRegion", caller.region().name())
                .put("sts:RoleSessionName", request.roleSessionName())
                .put("sts:ExternalId", request.externalId());
        Instant time = caller.time();
        if (time != null) {
            context.put("aws:CurrentTime", time.toString()).put("aws:EpochTime", Long.toString(time.getEpochSecond()));
        }
        return context.build();
    }
}
