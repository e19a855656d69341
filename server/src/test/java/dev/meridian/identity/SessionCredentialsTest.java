package dev.meridian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.crypto.FileRootKey;
import dev.meridian.crypto.RootKey;
import dev.meridian.crypto.SecretBytes;
import dev.meridian.identity.CredentialStore.Outcome;
import dev.meridian.model.AccountId;
import dev.meridian.model.Partition;
import dev.meridian.model.PrincipalType;
import dev.meridian.testing.StoppedClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session tokens: sealed, opened only as issued, by this root key, for their access key, until their expiry; tokens
 * of the first format (v1, without the creation time) still open, with an unknown creation date.
 */
class SessionCredentialsTest {
    private static final Instant START = Instant.parse("2026-03-01T10:00:00.700Z");
    private static final AccountId ACCOUNT = AccountId.of("111122223333");

    @TempDir
    Path folder;

    private final StoppedClock clock = new StoppedClock(START);

    private RootKey rootKey(String name) {
        return FileRootKey.loadOrCreate(folder.resolve(name));
    }

    private static SessionCredentials.Session session(Instant expiration) {
        return new SessionCredentials.Session(ACCOUNT, Partition.AWS, "/team/", "app", "AROAEXAMPLEROLEID1234", "build-42",
                START, expiration);
    }

    /** A token as the first format sealed it: nine fields under the v1 label. */
    private static String v1Token(RootKey rootKey, String accessKeyId, Instant expiration) {
        return sealed(rootKey, SessionCredentials.LABEL_V1, accessKeyId + "|" + "c2VjcmV0LW9mLWEtdjEtc2Vzc2lvbi10b2tlbi0xMjM="
                + "|111122223333|AWS|/team/|app|AROAEXAMPLEROLEID1234|build-7|" + expiration.getEpochSecond());
    }

    private static String sealed(RootKey rootKey, String label, String text) {
        byte[] sealed = rootKey.wrap(SecretBytes.copyOf(text.getBytes(StandardCharsets.UTF_8)),
                label.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    }

    @Test
    void aTokenOpensToItsSessionWithItsSecret() {
        SessionCredentials sessions = new SessionCredentials(rootKey("root.key"), clock);
        SessionCredentials.Issued issued = sessions.issue(session(START.plus(Duration.ofHours(1))));
        assertThat(issued.accessKeyId()).matches("ASIA[A-Z2-7]{16}");
        assertThat(issued.secretAccessKey().length()).isEqualTo(40);
        assertThat(issued.toString()).doesNotContain(new String(issued.secretAccessKey().toByteArray(),
                StandardCharsets.UTF_8)).doesNotContain(issued.sessionToken());
        assertThat(issued.session().expiration()).isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));

        CredentialStore.Lookup lookup = sessions.lookup(issued.accessKeyId(), issued.sessionToken());
        assertThat(lookup.outcome()).isEqualTo(Outcome.FOUND);
        SigningCredentials credentials = lookup.credentials();
        assertThat(credentials.secretAccessKey().equalsConstantTime(issued.secretAccessKey())).isTrue();
        assertThat(credentials.expiration()).isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
        assertThat(credentials.principal().type()).isEqualTo(PrincipalType.ASSUMED_ROLE);
        assertThat(credentials.principal().arn()).isEqualTo("arn:aws:sts::111122223333:assumed-role/app/build-42");
        assertThat(credentials.principal().principalId()).isEqualTo("AROAEXAMPLEROLEID1234:build-42");
        assertThat(credentials.principal().sessionIssuerArn()).isEqualTo("arn:aws:iam::111122223333:role/team/app");
        assertThat(credentials.principal().accessKeyId()).isEqualTo(issued.accessKeyId());
        assertThat(credentials.principal().sessionIssuerId()).isEqualTo("AROAEXAMPLEROLEID1234");
        assertThat(credentials.principal().sessionCreationDate()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    }

    @Test
    void aRolePathWithTheFieldSeparatorOpensWhole() {
        RootKey rootKey = rootKey("root.key");
        SessionCredentials sessions = new SessionCredentials(rootKey, clock);
        SessionCredentials.Issued issued = sessions.issue(new SessionCredentials.Session(ACCOUNT, Partition.AWS,
                "/a|b||c/", "app", "AROAEXAMPLEROLEID1234", "build-42", START, START.plus(Duration.ofHours(1))));

        CredentialStore.Lookup lookup = sessions.lookup(issued.accessKeyId(), issued.sessionToken());

        assertThat(lookup.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(lookup.credentials().principal().sessionIssuerArn()).isEqualTo("arn:aws:iam::111122223333:role/a|b||c/app");
        assertThat(lookup.credentials().principal().sessionCreationDate()).isEqualTo(START.truncatedTo(ChronoUnit.SECONDS));
        assertThat(lookup.credentials().secretAccessKey().equalsConstantTime(issued.secretAccessKey())).isTrue();
        String v1 = sealed(rootKey, SessionCredentials.LABEL_V1, "ASIAV1V1V1V1V1V1V1V1|c2VjcmV0|111122223333|AWS|/x|y/|app"
                + "|AROAEXAMPLEROLEID1234|build-7|" + START.plusSeconds(60).getEpochSecond());
        assertThat(sessions.lookup("ASIAV1V1V1V1V1V1V1V1", v1).credentials().principal().sessionIssuerArn())
                .isEqualTo("arn:aws:iam::111122223333:role/x|y/app");
        String tooFew = sealed(rootKey, SessionCredentials.LABEL_V1, "ASIAV1V1V1V1V1V1V1V1|c2VjcmV0|111122223333|AWS|/|app");
        assertThat(sessions.lookup("ASIAV1V1V1V1V1V1V1V1", tooFew)).isEqualTo(CredentialStore.Lookup.UNKNOWN);
    }

    @Test
    void aTokenOfTheFirstFormatOpensUntilItsExpiryWithAnUnknownCreationDate() {
        RootKey rootKey = rootKey("root.key");
        SessionCredentials sessions = new SessionCredentials(rootKey, clock);
        String accessKeyId = "ASIAV1V1V1V1V1V1V1V1";
        String token = v1Token(rootKey, accessKeyId, Instant.parse("2026-03-01T10:15:00Z"));

        CredentialStore.Lookup lookup = sessions.lookup(accessKeyId, token);
        assertThat(lookup.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(new String(lookup.credentials().secretAccessKey().toByteArray(), StandardCharsets.UTF_8))
                .isEqualTo("c2VjcmV0LW9mLWEtdjEtc2Vzc2lvbi10b2tlbi0xMjM=");
        assertThat(lookup.credentials().principal().arn()).isEqualTo("arn:aws:sts::111122223333:assumed-role/app/build-7");
        assertThat(lookup.credentials().principal().sessionIssuerArn()).isEqualTo("arn:aws:iam::111122223333:role/team/app");
        assertThat(lookup.credentials().principal().sessionIssuerId()).isEqualTo("AROAEXAMPLEROLEID1234");
        assertThat(lookup.credentials().principal().sessionCreationDate()).isNull();
        assertThat(lookup.credentials().expiration()).isEqualTo(Instant.parse("2026-03-01T10:15:00Z"));

        assertThat(sessions.lookup("ASIAV1V1V1V1V1V1V1V2", token)).isEqualTo(CredentialStore.Lookup.UNKNOWN);
        clock.advance(Duration.ofMinutes(15).minusMillis(700));
        assertThat(sessions.lookup(accessKeyId, token)).isEqualTo(CredentialStore.Lookup.EXPIRED);
    }

    @Test
    void aTamperedTokenOfTheFirstFormatOrOneOfAnotherRootKeyIsUnknown() {
        RootKey rootKey = rootKey("root.key");
        SessionCredentials sessions = new SessionCredentials(rootKey, clock);
        String accessKeyId = "ASIAV1V1V1V1V1V1V1V1";
        byte[] sealed = Base64.getUrlDecoder().decode(v1Token(rootKey, accessKeyId, START.plus(Duration.ofHours(1))));
        sealed[sealed.length - 1] ^= 1;
        assertThat(sessions.lookup(accessKeyId, Base64.getUrlEncoder().withoutPadding().encodeToString(sealed)))
                .isEqualTo(CredentialStore.Lookup.UNKNOWN);
        assertThat(sessions.lookup(accessKeyId, v1Token(rootKey("other.key"), accessKeyId, START.plus(Duration.ofHours(1)))))
                .isEqualTo(CredentialStore.Lookup.UNKNOWN);
    }

    @Test
    void eachFormatOpensOnlyUnderItsOwnLabel() {
        RootKey rootKey = rootKey("root.key");
        SessionCredentials sessions = new SessionCredentials(rootKey, clock);
        String expiry = Long.toString(START.plus(Duration.ofHours(1)).getEpochSecond());
        String created = Long.toString(START.getEpochSecond());
        String v2Fields = "ASIAAAAAAAAAAAAAAAAA|secret|111122223333|AWS|/|app|AROAEXAMPLEROLEID1234|s1|" + expiry + "|" + created;
        String v1Fields = "ASIAAAAAAAAAAAAAAAAA|secret|111122223333|AWS|/|app|AROAEXAMPLEROLEID1234|s1|" + expiry;
        // v1's fields under the current label do not open (too few); the label, not the count of fields, tells the
        // format (a role path may hold the separator: aRolePathWithTheFieldSeparatorOpensWhole)
        assertThat(sessions.lookup("ASIAAAAAAAAAAAAAAAAA", sealed(rootKey, SessionCredentials.LABEL, v1Fields)))
                .isEqualTo(CredentialStore.Lookup.UNKNOWN);
        assertThat(sessions.lookup("ASIAAAAAAAAAAAAAAAAA", sealed(rootKey, "meridian/sts-session/v3", v2Fields)))
                .isEqualTo(CredentialStore.Lookup.UNKNOWN);
        // each under its own label does
        assertThat(sessions.lookup("ASIAAAAAAAAAAAAAAAAA", sealed(rootKey, SessionCredentials.LABEL, v2Fields))
                .credentials().principal().sessionCreationDate()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(sessions.lookup("ASIAAAAAAAAAAAAAAAAA", sealed(rootKey, SessionCredentials.LABEL_V1, v1Fields))
                .credentials().principal().sessionCreationDate()).isNull();
    }

    @Test
    void aSessionIsIssuedOnlyWithItsCreationDate() {
        SessionCredentials sessions = new SessionCredentials(rootKey("root.key"), clock);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sessions.issue(new SessionCredentials.Session(ACCOUNT,
                Partition.AWS, "/", "app", "AROAEXAMPLEROLEID1234", "s1", null, START.plus(Duration.ofHours(1)))))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void everyIssueIsNewCredentials() {
        SessionCredentials sessions = new SessionCredentials(rootKey("root.key"), clock);
        SessionCredentials.Issued first = sessions.issue(session(START.plus(Duration.ofHours(1))));
        SessionCredentials.Issued second = sessions.issue(session(START.plus(Duration.ofHours(1))));
        assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
        assertThat(second.sessionToken()).isNotEqualTo(first.sessionToken());
        assertThat(second.secretAccessKey().equalsConstantTime(first.secretAccessKey())).isFalse();
    }

    @Test
    void anotherServersTokenATamperedOneOrNoneIsUnknown() {
        SessionCredentials sessions = new SessionCredentials(rootKey("root.key"), clock);
        SessionCredentials other = new SessionCredentials(rootKey("other.key"), clock);
        SessionCredentials.Issued issued = other.issue(session(START.plus(Duration.ofHours(1))));
        assertThat(sessions.lookup(issued.accessKeyId(), issued.sessionToken())).isEqualTo(CredentialStore.Lookup.UNKNOWN);

        SessionCredentials.Issued own = sessions.issue(session(START.plus(Duration.ofHours(1))));
        byte[] sealed = Base64.getUrlDecoder().decode(own.sessionToken());
        sealed[sealed.length / 2] ^= 1;
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
        assertThat(sessions.lookup(own.accessKeyId(), tampered)).isEqualTo(CredentialStore.Lookup.UNKNOWN);
        assertThat(sessions.lookup(own.accessKeyId(), "not base64 at all!")).isEqualTo(CredentialStore.Lookup.UNKNOWN);
        assertThat(sessions.lookup(own.accessKeyId(), "")).isEqualTo(CredentialStore.Lookup.UNKNOWN);
        assertThat(sessions.lookup(own.accessKeyId(), null)).isEqualTo(CredentialStore.Lookup.UNKNOWN);
    }

    @Test
    void aTokenOfAnotherPurposeUnderTheSameRootKeyIsUnknown() {
        RootKey rootKey = rootKey("root.key");
        SessionCredentials sessions = new SessionCredentials(rootKey, clock);
        String text = "ASIAAAAAAAAAAAAAAAAA|secret|111122223333|AWS|/|app|AROAEXAMPLEROLEID1234|s1|9999999999";
        byte[] sealed = rootKey.wrap(SecretBytes.copyOf(text.getBytes(StandardCharsets.UTF_8)),
                "meridian/grant-token/v1".getBytes(StandardCharsets.US_ASCII));
        assertThat(sessions.lookup("ASIAAAAAAAAAAAAAAAAA", Base64.getUrlEncoder().withoutPadding().encodeToString(sealed)))
                .isEqualTo(CredentialStore.Lookup.UNKNOWN);
    }

    @Test
    void aTokenPresentedWithAnotherAccessKeyIdIsUnknown() {
        SessionCredentials sessions = new SessionCredentials(rootKey("root.key"), clock);
        SessionCredentials.Issued first = sessions.issue(session(START.plus(Duration.ofHours(1))));
        SessionCredentials.Issued second = sessions.issue(session(START.plus(Duration.ofHours(1))));
        assertThat(sessions.lookup(second.accessKeyId(), first.sessionToken())).isEqualTo(CredentialStore.Lookup.UNKNOWN);
        assertThat(sessions.lookup("AKIDEXAMPLE", first.sessionToken())).isEqualTo(CredentialStore.Lookup.UNKNOWN);
    }

    @Test
    void aSessionExpiresAtItsExpiryByTheServersClock() {
        SessionCredentials sessions = new SessionCredentials(rootKey("root.key"), clock);
        SessionCredentials.Issued issued = sessions.issue(session(START.plus(Duration.ofMinutes(15))));
        clock.advance(Duration.ofMinutes(15).minusMillis(701));
        assertThat(sessions.lookup(issued.accessKeyId(), issued.sessionToken()).outcome()).isEqualTo(Outcome.FOUND);
        clock.advance(Duration.ofMillis(1));
        assertThat(sessions.lookup(issued.accessKeyId(), issued.sessionToken())).isEqualTo(CredentialStore.Lookup.EXPIRED);
        // an expired token of another key is still unknown, not expired
        SessionCredentials.Issued other = sessions.issue(session(START));
        assertThat(sessions.lookup(issued.accessKeyId(), other.sessionToken())).isEqualTo(CredentialStore.Lookup.UNKNOWN);
    }

    @Test
    void sessionsOutliveTheServerThatIssuedThem() {
        SessionCredentials.Issued issued = new SessionCredentials(rootKey("root.key"), clock)
                .issue(session(START.plus(Duration.ofHours(1))));
        SessionCredentials restarted = new SessionCredentials(rootKey("root.key"), clock);
        assertThat(restarted.lookup(issued.accessKeyId(), issued.sessionToken()).outcome()).isEqualTo(Outcome.FOUND);
    }

    @Test
    void combinedWithLongTermKeysTheSessionsAnswerWhatTheKeysDoNotKnow() {
        SessionCredentials sessions = new SessionCredentials(rootKey("root.key"), clock);
        SessionCredentials.Issued issued = sessions.issue(session(START.plus(Duration.ofHours(1))));
        CredentialStore both = CredentialStore.NONE.or(sessions);
        assertThat(both.lookup(issued.accessKeyId(), issued.sessionToken()).outcome()).isEqualTo(Outcome.FOUND);
    }
}
