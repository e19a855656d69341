package dev.meridian.core;

import dev.meridian.crypto.FileRootKey;
import dev.meridian.model.AccountId;
import dev.meridian.model.Partition;
import dev.meridian.model.Principal;
import dev.meridian.model.Region;
import dev.meridian.model.RequestContext;
import dev.meridian.policy.IdentityPolicies;
import dev.meridian.policy.PolicyDocument;
import dev.meridian.testing.StoppedClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A {@link KeyManagementService} in a chosen authorization mode over an {@link InMemoryStore}, with identity
 * policies that a test sets per principal ARN (a fake {@link IdentityPolicies}), and the principals the tests use:
 * the root, the users alice and bob, a session of the role {@code app} (all of account 111122223333), and the user
 * carol of another account.
 */
final class StrictFixture implements AutoCloseable {
    static final String REGION = "us-east-1";
    static final String WEST = "us-west-2";
    static final AccountId ACCOUNT = CoreFixture.ACCOUNT;
    static final AccountId OTHER = AccountId.of("444455556666");
    static final Partition AWS = Partition.ofRegion(REGION);
    static final Principal ROOT = Principal.root(ACCOUNT, AWS, "AKIAROOT");
    static final Principal ALICE = Principal.user(ACCOUNT, AWS, "/", "alice", "AIDAALICE", "AKIAALICE");
    static final Principal BOB = Principal.user(ACCOUNT, AWS, "/team/", "bob", "AIDABOB", "AKIABOB");
    static final Principal APP_SESSION = Principal.assumedRole(ACCOUNT, AWS, "/", "app", "AROAAPP", "s1", "ASIAAPP");
    static final Principal CAROL = Principal.user(OTHER, AWS, "/", "carol", "AIDACAROL", "AKIACAROL");
    static final Instant TIME = Instant.parse("2026-03-01T12:00:00.250Z");

    final StoppedClock clock = new StoppedClock(CoreFixture.START);
    final KeyManagementService service;
    private final Map<String, List<PolicyDocument>> identityPolicies = new ConcurrentHashMap<>();
    private final Path folder;

    StrictFixture(AccessControl.Mode mode) {
        try {
            folder = Files.createTempDirectory("meridian-authz-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IdentityPolicies policies = principal -> identityPolicies.getOrDefault(principal.arn(), List.of());
        service = new KeyManagementService(new InMemoryStore(), FileRootKey.loadOrCreate(folder.resolve("root.key")), clock,
                ServiceSettings.builder().replicationDelay(Duration.ofSeconds(2)).keyLimitPerRegion(100).grantLimitPerKey(100)
                        .authorization(mode).identityPolicies(policies).build());
        service.start();
    }

    /** A request of {@code principal} in {@code region}, from 203.0.113.7 over TLS, at {@link #TIME}. */
    static RequestContext as(Principal principal, String region) {
        return new RequestContext(principal, Region.of(region), "203.0.113.7", TIME, "request-1", "event-1", true);
    }

    static RequestContext as(Principal principal) {
        return as(principal, REGION);
    }

    /**
     * Gives {@code principal} one identity policy allowing {@code actions} on every resource.
     */
    void allow(Principal principal, String... actions) {
        identityPolicies.put(principal.arn(), List.of(identityPolicy("Allow", actions)));
    }

    /** Gives {@code principal} one identity policy allowing {@code action} on every resource under {@code condition}. */
    void allowWhen(Principal principal, String action, String condition) {
        identityPolicies.put(principal.arn(), List.of(PolicyDocument.parseIdentityPolicy("{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"*\","
                + "\"Condition\":" + condition + "}]}")));
    }

    /** Adds an identity policy denying {@code actions} to {@code principal}'s. */
    void deny(Principal principal, String... actions) {
        identityPolicies.put(principal.arn(), Stream.concat(identityPolicies.getOrDefault(principal.arn(), List.of()).stream(),
                Stream.of(identityPolicy("Deny", actions))).toList());
    }

    private static PolicyDocument identityPolicy(String effect, String... actions) {
        return PolicyDocument.parseIdentityPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect
                + "\",\"Action\":[" + quoted(actions) + "],\"Resource\":\"*\"}]}");
    }

    /** A key policy of {@code statements} (JSON objects). */
    static String keyPolicy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    /** A statement with {@code effect} for {@code principal} (an ARN, an account ID or *) and {@code actions}. */
    static String statement(String effect, String principal, String... actions) {
        return "{\"Effect\":\"" + effect + "\",\"Principal\":{\"AWS\":\"" + principal + "\"},\"Action\":["
                + quoted(actions) + "],\"Resource\":\"*\"}";
    }

    /** The statement of the default key policy: the account's root may do everything. */
    static String rootStatement() {
        return statement("Allow", ROOT.arn(), "kms:*");
    }

    private static String quoted(String... values) {
        return Stream.of(values).map(value -> "\"" + value + "\"").collect(Collectors.joining(","));
    }

    /** A symmetric key created by the root with {@code policy} (null: the default), bypassing the lockout check. */
    String createKey(String policy) {
        return service.lifecycle().createKey(as(ROOT), new CreateKeyRequest(policy, null, null, null, null, false, null,
                true, null)).record().reference().keyId().value();
    }

    String createPrimary(String policy) {
        return service.lifecycle().createKey(as(ROOT), new CreateKeyRequest(policy, null, null, null, null, true, null,
                true, null)).record().reference().keyId().value();
    }

    static String arn(String keyId) {
        return arn(REGION, keyId);
    }

    static String arn(String region, String keyId) {
        return "arn:aws:kms:" + region + ":" + ACCOUNT + ":key/" + keyId;
    }

    /** Moves the clock past the replication delay and runs what came due (a replica becomes Enabled). */
    void passReplicationDelay() throws InterruptedException {
        clock.advance(Duration.ofSeconds(3));
        service.runDueWorkNow();
    }

    /** {@code User: ARN is not authorized to perform: ACTION on resource: RESOURCE because no identity-based ...}. */
    static String noIdentityPolicy(Principal principal, String action, String resource) {
        return "User: " + principal.arn() + " is not authorized to perform: " + action + " on resource: " + resource
                + " because no identity-based policy allows the " + action + " action";
    }

    static String noKeyPolicy(Principal principal, String action, String resource) {
        return "User: " + principal.arn() + " is not authorized to perform: " + action + " on resource: " + resource
                + " because no resource-based policy allows the " + action + " action";
    }

    static String keyPolicyDenies(Principal principal, String action, String resource) {
        return "User: " + principal.arn() + " is not authorized to perform: " + action + " on resource: " + resource
                + " with an explicit deny in a resource-based policy";
    }

    static String identityPolicyDenies(Principal principal, String action, String resource) {
        return "User: " + principal.arn() + " is not authorized to perform: " + action + " on resource: " + resource
                + " with an explicit deny in an identity-based policy";
    }

    static String otherAccount(Principal principal, String action) {
        return "User: " + principal.arn() + " is not authorized to perform: " + action + " on this resource because the"
                + " resource does not exist in this Region, no resource-based policies allow access, or a resource-based"
                + " policy explicitly denies access";
    }

    @Override
    public void close() {
        service.close();
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
