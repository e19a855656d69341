package dev.meridian.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meridian.crypto.FileRootKey;
import dev.meridian.identity.CredentialStore.Outcome;
import dev.meridian.identity.SecurityTokenService.AssumeRoleRequest;
import dev.meridian.identity.SecurityTokenService.AssumedRole;
import dev.meridian.model.AccountId;
import dev.meridian.model.Partition;
import dev.meridian.model.Principal;
import dev.meridian.model.Region;
import dev.meridian.model.RequestContext;
import dev.meridian.policy.ConditionContext;
import dev.meridian.policy.PolicyDocument;
import dev.meridian.testing.StoppedClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AssumeRole below HTTP, in strict mode (the identity file's roles and trust policies) and development mode, with
 * a clock the test moves: who may assume which role, the duration bounds, the parameter errors, the sessions'
 * expiry.
 */
class SecurityTokenServiceTest {
    private static final AccountId ACCOUNT = AccountId.of("111122223333");
    private static final AccountId OTHER = AccountId.of("444455556666");
    private static final Region REGION = Region.of("eu-west-1");
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private static final String APP_ARN = "arn:aws:iam::111122223333:role/service/app";
    private static final Principal ALICE = Principal.user(ACCOUNT, Partition.AWS, "/", "alice", "AIDAALICE", "AKIAALICE");
    private static final Principal BOB = Principal.user(ACCOUNT, Partition.AWS, "/", "bob", "AIDABOB", "AKIABOB");

    @TempDir
    Path folder;

    private static final PolicyDocument MAY_ASSUME_ROLES = PolicyDocument.parseIdentityPolicy("{\"Version\":\"2012-10-17\","
            + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}");

    private final StoppedClock clock = new StoppedClock(START);
    /** The identity policies of the callers, by the principal's ARN (a session's: its role's). */
    private final Map<String, List<PolicyDocument>> identityPolicies = new HashMap<>();
    private SecurityTokenService sts;

    private static IdentityFile.Role role(String name, String path, String trust, Duration maxSessionDuration) {
        return new IdentityFile.Role(name, path, "AROA" + name.toUpperCase() + "0000000000000", PolicyDocument.parseTrustPolicy(trust),
                List.of(), maxSessionDuration);
    }

    private static String trusting(String effect, String principal) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Principal\":{\"AWS\":\""
                + principal + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    @BeforeEach
    void start() {
        IdentityFile file = new IdentityFile(List.of(
                new IdentityFile.Account(ACCOUNT, List.of(), List.of(), List.of(
                        role("app", "/service/", trusting("Allow", ALICE.arn()), Duration.ofHours(2)),
                        role("chained", "/", trusting("Allow", "arn:aws:iam::111122223333:root"), Duration.ofHours(12)),
                        role("closed", "/", "{\"Version\":\"2012-10-17\",\"Statement\":[" + trusting("Allow", "*")
                                .replaceAll("^.*\\[|\\].*$", "") + "," + trusting("Deny", ALICE.arn())
                                .replaceAll("^.*\\[|\\].*$", "") + "]}", Duration.ofHours(1)))),
                new IdentityFile.Account(OTHER, List.of(), List.of(), List.of(
                        role("partner", "/", trusting("Allow", "111122223333"), Duration.ofHours(1))))));
        identityPolicies.put(ALICE.arn(), List.of(MAY_ASSUME_ROLES));
        identityPolicies.put(BOB.arn(), List.of(MAY_ASSUME_ROLES));
        identityPolicies.put(APP_ARN, List.of(MAY_ASSUME_ROLES));
        sts = new SecurityTokenService(RoleDirectory.of(file),
                new SessionCredentials(FileRootKey.loadOrCreate(folder.resolve("root.key")), clock), clock,
                principal -> identityPolicies.getOrDefault(principal.sessionIssuerArn() != null
                        ? principal.sessionIssuerArn() : principal.arn(), List.of()));
    }

    @Test
    void aTrustPolicyTrustingOnlyTheAccountOrAnotherAccountsRoleNeedsTheCallersIdentityPolicyToo() {
        String chained = "arn:aws:iam::111122223333:role/chained";
        String partner = "arn:aws:iam::444455556666:role/partner";
        identityPolicies.remove(BOB.arn());
        String refusal = "User: arn:aws:iam::111122223333:user/bob is not authorized to perform: sts:AssumeRole on resource: ";
        assertError(() -> sts.assumeRole(as(BOB), request(chained, "s1", null)), "AccessDenied", 403, refusal + chained);
        assertError(() -> sts.assumeRole(as(BOB), request(partner, "s1", null)), "AccessDenied", 403, refusal + partner);
        assertThat(sts.assumeRole(as(ALICE), request(APP_ARN, "named", null)).arn())
                .as("a trust policy naming the user suffices alone").endsWith(":assumed-role/app/named");
        identityPolicies.put(ALICE.arn(), List.of(MAY_ASSUME_ROLES, PolicyDocument.parseIdentityPolicy(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"sts:*\",\"Resource\":\""
                        + APP_ARN + "\"}]}")));
        assertError(() -> sts.assumeRole(as(ALICE), request(APP_ARN, "s1", null)), "AccessDenied", 403,
                "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:AssumeRole on resource: "
                        + APP_ARN);
        assertThat(sts.assumeRole(as(ALICE), request(chained, "s1", null)).arn()).endsWith(":assumed-role/chained/s1");
    }

    private static RequestContext as(Principal principal) {
        return new RequestContext(principal, REGION, "192.0.2.7", START, "request-1", null, true);
    }

    private static AssumeRoleRequest request(String roleArn, String sessionName, Long durationSeconds) {
        return new AssumeRoleRequest(roleArn, sessionName, durationSeconds, null);
    }

    @Test
    void aTrustedUserAssumesTheRoleForAnHourByDefault() {
        AssumedRole assumed = sts.assumeRole(as(ALICE), request(APP_ARN, "build-42", null));
        assertThat(assumed.arn()).isEqualTo("arn:aws:sts::111122223333:assumed-role/app/build-42");
        assertThat(assumed.assumedRoleId()).isEqualTo("AROAAPP0000000000000:build-42");
        assertThat(assumed.principal().sessionIssuerArn()).isEqualTo(APP_ARN);
        assertThat(assumed.credentials().session().expiration()).isEqualTo(START.plus(Duration.ofHours(1)));
        assertThat(assumed.credentials().session().creationDate()).isEqualTo(START);
        assertThat(assumed.principal().sessionCreationDate()).isEqualTo(START);

        SessionCredentials.Issued credentials = assumed.credentials();
        CredentialStore.Lookup lookup = sts.sessions().lookup(credentials.accessKeyId(), credentials.sessionToken());
        assertThat(lookup.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(lookup.credentials().principal()).isEqualTo(assumed.principal());
        clock.advance(Duration.ofHours(1));
        assertThat(sts.sessions().lookup(credentials.accessKeyId(), credentials.sessionToken()))
                .isEqualTo(CredentialStore.Lookup.EXPIRED);
    }

    @Test
    void anUntrustedCallerAnUnknownRoleAndAnExplicitDenyAreAccessDenied() {
        assertError(() -> sts.assumeRole(as(BOB), request(APP_ARN, "s1", null)), "AccessDenied", 403,
                "User: arn:aws:iam::111122223333:user/bob is not authorized to perform: sts:AssumeRole on resource: "
                        + APP_ARN);
        String unknown = "arn:aws:iam::111122223333:role/missing";
        assertError(() -> sts.assumeRole(as(ALICE), request(unknown, "s1", null)), "AccessDenied", 403,
                "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:AssumeRole on resource: "
                        + unknown);
        assertError(() -> sts.assumeRole(as(ALICE), request("arn:aws:iam::111122223333:role/closed", "s1", null)),
                "AccessDenied", 403, "User: arn:aws:iam::111122223333:user/alice is not authorized to perform:"
                        + " sts:AssumeRole on resource: arn:aws:iam::111122223333:role/closed");
        assertThat(sts.assumeRole(as(BOB), request("arn:aws:iam::111122223333:role/closed", "s1", null)).arn())
                .endsWith(":assumed-role/closed/s1");
    }

    @Test
    void anAccountsRootMayNotAssumeARoleEvenOneTrustingIt() {
        Principal root = Principal.root(ACCOUNT, Partition.AWS, "AKIAROOT");
        assertError(() -> sts.assumeRole(as(root), request("arn:aws:iam::111122223333:role/chained", "s1", null)),
                "AccessDenied", 403, "Roles may not be assumed by root accounts.");
    }

    @Test
    void aRoleOfAnotherAccountTrustingTheCallersAccountGivesASessionInItsAccount() {
        AssumedRole assumed = sts.assumeRole(as(BOB), request("arn:aws:iam::444455556666:role/partner", "cross", null));
        assertThat(assumed.arn()).isEqualTo("arn:aws:sts::444455556666:assumed-role/partner/cross");
        assertThat(assumed.principal().account()).isEqualTo(OTHER);
    }

    @Test
    void theDurationIsBoundedByTheRolesMaximumAndByRoleChaining() {
        assertThat(sts.assumeRole(as(ALICE), request(APP_ARN, "s1", 7200L)).credentials().session().expiration())
                .isEqualTo(START.plus(Duration.ofHours(2)));
        assertThat(sts.assumeRole(as(ALICE), request(APP_ARN, "s1", 900L)).credentials().session().expiration())
                .isEqualTo(START.plus(Duration.ofMinutes(15)));
        assertError(() -> sts.assumeRole(as(ALICE), request(APP_ARN, "s1", 7201L)), "ValidationError", 400,
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");

        Principal session = sts.assumeRole(as(ALICE), request(APP_ARN, "first", null)).principal();
        String chained = "arn:aws:iam::111122223333:role/chained";
        assertError(() -> sts.assumeRole(as(session), request(chained, "second", 3601L)), "ValidationError", 400,
                "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        assertThat(sts.assumeRole(as(session), request(chained, "second", 3600L)).arn())
                .isEqualTo("arn:aws:sts::111122223333:assumed-role/chained/second");
        assertThat(sts.assumeRole(as(ALICE), request(chained, "direct", 43200L)).credentials().session().expiration())
                .isEqualTo(START.plus(Duration.ofHours(12)));
    }

    @Test
    void parametersAreValidatedAsStsValidatesThem() {
        assertError(() -> sts.assumeRole(as(ALICE), request(null, null, null)), "ValidationError", 400,
                "2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be"
                        + " null; Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
        assertError(() -> sts.assumeRole(as(ALICE), request("", "a:b", 100L)), "ValidationError", 400,
                "4 validation errors detected: Value '' at 'roleArn' failed to satisfy constraint: Member must satisfy"
                        + " regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF"
                        + "\\uE000-\\uFFFD\\u10000-\\u10FFFF]+; Value '' at 'roleArn' failed to satisfy constraint: Member"
                        + " must have length greater than or equal to 20; Value 'a:b' at 'roleSessionName' failed to"
                        + " satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*; Value '100'"
                        + " at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or"
                        + " equal to 900");
        assertError(() -> sts.assumeRole(as(ALICE), request(APP_ARN, "s".repeat(65), 43201L)), "ValidationError", 400,
                "2 validation errors detected: Value '" + "s".repeat(65) + "' at 'roleSessionName' failed to satisfy"
                        + " constraint: Member must have length less than or equal to 64; Value '43201' at"
                        + " 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to"
                        + " 43200");
        assertThat(sts.assumeRole(as(ALICE), request(APP_ARN, "a+b=c,d.e@f_g-h", null)).arn())
                .endsWith("/a+b=c,d.e@f_g-h");
    }

    @Test
    void theTrustPolicySeesTheRequestsConditionKeys() {
        Principal session = sts.assumeRole(as(ALICE), request(APP_ARN, "first", null)).principal();
        ConditionContext conditions = SecurityTokenService.conditions(as(session),
                new AssumeRoleRequest(APP_ARN, "second", null, "external-7"));
        assertThat(conditions.values("aws:PrincipalArn")).containsExactly(APP_ARN);
        assertThat(conditions.values("aws:PrincipalType")).containsExactly("AssumedRole");
        assertThat(conditions.values("aws:PrincipalAccount")).containsExactly("111122223333");
        assertThat(conditions.values("aws:userid")).containsExactly("AROAAPP0000000000000:first");
        assertThat(conditions.values("aws:SourceIp")).containsExactly("192.0.2.7");
        assertThat(conditions.values("aws:SecureTransport")).containsExactly("true");
        assertThat(conditions.values("aws:CurrentTime")).containsExactly("2026-03-01T10:00:00Z");
        assertThat(conditions.values("sts:RoleSessionName")).containsExactly("second");
        assertThat(conditions.values("sts:ExternalId")).containsExactly("external-7");
        assertThat(conditions.contains("aws:username")).isFalse();
        assertThat(SecurityTokenService.conditions(as(ALICE), request(APP_ARN, "s1", null)).values("aws:username"))
                .containsExactly("alice");
    }

    @Test
    void developmentModeAssumesAnyWellFormedRoleArnWithAStableId() {
        SecurityTokenService development = new SecurityTokenService(RoleDirectory.development(), sts.sessions(), clock);
        Principal root = Principal.root(ACCOUNT, Partition.AWS, "AKIDEXAMPLE");
        AssumedRole first = development.assumeRole(as(root), request("arn:aws:iam::444455556666:role/any/path/r", "s1", 43200L));
        AssumedRole again = development.assumeRole(as(root), request("arn:aws:iam::444455556666:role/any/path/r", "s2", null));
        assertThat(first.arn()).isEqualTo("arn:aws:sts::444455556666:assumed-role/r/s1");
        assertThat(first.principal().sessionIssuerArn()).isEqualTo("arn:aws:iam::444455556666:role/any/path/r");
        assertThat(first.assumedRoleId()).matches("AROA[A-Z2-7]{17}:s1");
        assertThat(again.assumedRoleId()).isEqualTo(first.assumedRoleId().replace(":s1", ":s2"));
        assertError(() -> development.assumeRole(as(root), request("arn:aws:iam:111122223333:role/app", "s1", null)),
                "AccessDenied", 403, "User: arn:aws:iam::111122223333:root is not authorized to perform: sts:AssumeRole"
                        + " on resource: arn:aws:iam:111122223333:role/app");
        assertThat(RoleDirectory.development().isDevelopment()).isTrue();
    }

    private static void assertError(ThrowingCallable call, String code, int status, String message) {
        StsException error = catchThrowableOfType(StsException.class, call);
        assertThat(error).as("an STS error").isNotNull();
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.status()).isEqualTo(status);
        assertThat(error.getMessage()).isEqualTo(message);
    }
}
