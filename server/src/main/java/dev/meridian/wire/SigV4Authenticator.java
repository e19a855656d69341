package dev.meridian.wire;

import dev.meridian.crypto.SecretBytes;
import dev.meridian.identity.CredentialStore;
import dev.meridian.identity.SigningCredentials;
import dev.meridian.model.Partition;
import dev.meridian.model.Principal;
import dev.meridian.model.Region;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Strict mode's authenticator: verifies a request's AWS Signature Version 4 ({@code Authorization:
 * AWS4-HMAC-SHA256 Credential=KEY/DAY/REGION/SERVICE/aws4_request, SignedHeaders=..., Signature=...}) as AWS does,
 * and establishes its caller from the {@link CredentialStore}: the principal the access key belongs to, in the
 * partition of the scope's Region.
 *
 * <p>In order, each refusal with AWS's error (400 each): no {@code Authorization} header
 * ({@code MissingAuthenticationTokenException}); a malformed header, no date, {@code host} not signed
 * ({@code IncompleteSignatureException}); a scope for another service, an invalid Region, or another day than the
 * request's date, and a date more than 5 minutes before or after the server's clock ({@code InvalidSignatureException});
 * an unknown access key or session token ({@code UnrecognizedClientException}); an expired session
 * ({@code ExpiredTokenException}); and a signature that is not the one the secret makes for the request, its payload
 * included ({@code InvalidSignatureException}). Signatures are compared in constant time; signing keys are derived
 * once per secret, day and Region (this authenticator's service is fixed) and kept in a bounded cache. Secrets never
 * reach a message. Thread-safe.
 */
final class SigV4Authenticator implements Authenticator {
    /** How far a request's date may be from the server's clock, either way: AWS's 5 minutes. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** Signing keys kept; past it the cache starts again (a key is derived again on its next use). */
    static final int SIGNING_KEY_CACHE_SIZE = 4096;
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String SECURITY_TOKEN = "X-Amz-Security-Token";
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you"
            + " provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    });
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(SigV4Authenticator::newHmac);
    private static final ThreadLocal<KeyedMac> REQUEST_HMAC = ThreadLocal.withInitial(KeyedMac::new);
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private final CredentialStore credentials;
    private final String service;
    private final Clock clock;
    private final Map<SigningKeyScope, byte[]> signingKeys = new ConcurrentHashMap<>();

    /** Verifies requests signed for {@code service} ({@code kms}, {@code cloudtrail}, {@code sts}), timed by {@code clock}. */
    SigV4Authenticator(CredentialStore credentials, String service, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Identity authenticate(FullHttpRequest request) {
        SigV4Header header = SigV4Header.parse(request);
        String[] scope = header.scope(service);
        if (!header.signedHeaderList().contains("host")) {
            throw incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        Instant date = header.date();
        String day = header.dateText().substring(0, 8);
        if (!scope[1].equals(day)) {
            throw invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + scope[1] + "' != '" + day + "', from '" + header.dateText() + "'.");
        }
        Instant now = clock.instant();
        if (date.isBefore(now.minus(CLOCK_SKEW))) {
            throw invalid("Signature expired: " + header.dateText() + " is now earlier than "
                    + BASIC.format(now.minus(CLOCK_SKEW)) + " (" + BASIC.format(now) + " - 5 min.)");
        }
        if (date.isAfter(now.plus(CLOCK_SKEW))) {
            throw invalid("Signature not yet current: " + header.dateText() + " is still later than "
                    + BASIC.format(now.plus(CLOCK_SKEW)) + " (" + BASIC.format(now) + " + 5 min.)");
        }
        String accessKeyId = scope[0];
        CredentialStore.Lookup lookup = credentials.lookup(accessKeyId, request.headers().get(SECURITY_TOKEN));
        if (lookup.outcome() == CredentialStore.Outcome.UNKNOWN) {
            throw new WireException(WireError.badRequest("UnrecognizedClientException",
                    "The security token included in the request is invalid"));
        }
        SigningCredentials found = lookup.credentials();
        if (lookup.outcome() == CredentialStore.Outcome.EXPIRED
                || found.expiration() != null && !now.isBefore(found.expiration())) {
            throw new WireException(WireError.badRequest("ExpiredTokenException",
                    "The security token included in the request is expired"));
        }
        Region region = Region.of(scope[2]);
        String canonicalHash = hex(sha256(SigV4Canonical.request(request, header.signedHeaderList(),
                hex(sha256(request.content()))).getBytes(StandardCharsets.UTF_8)));
        StringBuilder stringToSign = new StringBuilder(ALGORITHM.length() + 64 + 32 + region.name().length()
                + service.length() + canonicalHash.length());
        stringToSign.append(ALGORITHM).append('\n').append(header.dateText()).append('\n')
                .append(day).append('/').append(region.name()).append('/').append(service).append("/aws4_request\n")
                .append(canonicalHash);
        byte[] key = signingKey(accessKeyId, found.secretAccessKey(), day, region.name());
        byte[] expected = hex(requestHmac(key, stringToSign.toString())).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, header.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw invalid(SIGNATURE_MISMATCH);
        }
        return new Identity(inPartition(found.principal(), region.partition()), region);
    }

    /** The key that signs for {@code day} and {@code region} with {@code secret}: derived once, then cached. */
    private byte[] signingKey(String accessKeyId, SecretBytes secret, String day, String region) {
        SigningKeyScope scope = new SigningKeyScope(accessKeyId, secret, day, region);
        byte[] key = signingKeys.get(scope);
        if (key == null) {
            if (signingKeys.size() >= SIGNING_KEY_CACHE_SIZE) {
                signingKeys.clear();
            }
            byte[] secretBytes = secret.toByteArray();
            byte[] start = new byte[4 + secretBytes.length];
            System.arraycopy("AWS4".getBytes(StandardCharsets.US_ASCII), 0, start, 0, 4);
            System.arraycopy(secretBytes, 0, start, 4, secretBytes.length);
            Arrays.fill(secretBytes, (byte) 0);
            key = hmac(hmac(hmac(hmac(start, day), region), service), "aws4_request");
            Arrays.fill(start, (byte) 0);
            signingKeys.put(scope, key);
        }
        return key;
    }

    /** The part of a signing key's cache key that names it; the secret compares in constant time and never prints. */
    private record SigningKeyScope(String accessKeyId, SecretBytes secret, String day, String region) {
        // Written out: on every request's path, where the record's generated methods showed in samples.
        @Override
        public boolean equals(Object other) {
            return other instanceof SigningKeyScope that && accessKeyId.equals(that.accessKeyId) && day.equals(that.day)
                    && region.equals(that.region) && secret.equals(that.secret);
        }

        @Override
        public int hashCode() {
            return (accessKeyId.hashCode() * 31 + day.hashCode()) * 31 + region.hashCode();
        }
    }

    /** {@code principal} with its ARNs spelled in {@code partition} (the identity file's are {@code aws}'s). */
    private static Principal inPartition(Principal principal, Partition partition) {
        if (partition == Partition.AWS) {
            return principal;
        }
        return new Principal(principal.type(), principal.account(), respell(principal.arn(), partition), principal.name(),
                principal.sessionName(), principal.accessKeyId(), principal.principalId(),
                principal.sessionIssuerArn() == null ? null : respell(principal.sessionIssuerArn(), partition),
                principal.sessionCreationDate());
    }

    private static String respell(String arn, Partition partition) {
        return arn.startsWith("arn:aws:") ? "arn:" + partition.arnName() + ":" + arn.substring("arn:aws:".length()) : arn;
    }

    static byte[] sha256(byte[] bytes) {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        return digest.digest(bytes);
    }

    private static byte[] sha256(ByteBuf content) {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        digest.update(content.nioBuffer());
        return digest.digest();
    }

    static byte[] hmac(byte[] key, String data) {
        Mac mac = HMAC.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("An HMAC key was refused", e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@link #hmac} with a signing key from the cache: this thread's {@link Mac} is initialized again only when the
     * key is another array than its last one (a cached key never changes), which saves a key schedule per request.
     */
    private static byte[] requestHmac(byte[] key, String data) {
        KeyedMac keyed = REQUEST_HMAC.get();
        if (keyed.key != key) {
            try {
                keyed.mac.init(new SecretKeySpec(key, "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("An HMAC key was refused", e);
            }
            keyed.key = key;
        }
        return keyed.mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /** A thread's HMAC for requests, and the signing key (by identity) it was last initialized with. */
    private static final class KeyedMac {
        private final Mac mac = newHmac();
        private byte[] key;
    }

    private static Mac newHmac() {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java", e);
        }
    }

    static String hex(byte[] bytes) {
        char[] digits = HEX_DIGITS;
        char[] text = new char[bytes.length * 2];
        for (int index = 0; index < bytes.length; index++) {
            text[2 * index] = digits[(bytes[index] >> 4) & 0xF];
            text[2 * index + 1] = digits[bytes[index] & 0xF];
        }
        return new String(text);
    }

    /**
     * {@code text} in ISO 8601's basic format ({@code 20261202T050000Z}) as {@link #BASIC} reads it: a date of
     * 16 characters whose fields are all in range (a real day of its month) is read by hand (on every request's path, where the formatter
     * took about a tenth of verification's time); anything else goes to the formatter, with its answers and
     * refusals.
     *
     * @throws DateTimeParseException as {@link #BASIC} refuses the text
     */
    static Instant parseBasicDate(String text) {
        if (text.length() == 16 && text.charAt(8) == 'T' && text.charAt(15) == 'Z') {
            int year = digits(text, 0, 4);
            int month = digits(text, 4, 6);
            int day = digits(text, 6, 8);
            int hour = digits(text, 9, 11);
            int minute = digits(text, 11, 13);
            int second = digits(text, 13, 15);
            if (year > 0 && month >= 1 && month <= 12 && day >= 1 && day <= Month.of(month).length(Year.isLeap(year))
                    && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0
                    && second <= 59) {
                long days = LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(days * 86_400L + hour * 3_600L + minute * 60L + second);
            }
        }
        return Instant.from(BASIC.parse(text));
    }

    /** The decimal number of {@code text}'s ASCII digits from {@code start} to {@code end}, or -1 if one is not. */
    private static int digits(String text, int start, int end) {
        int value = 0;
        for (int index = start; index < end; index++) {
            char character = text.charAt(index);
            if (character < '0' || character > '9') {
                return -1;
            }
            value = value * 10 + (character - '0');
        }
        return value;
    }

    static WireException invalid(String message) {
        return new WireException(WireError.badRequest("InvalidSignatureException", message));
    }

    static WireException incomplete(String message) {
        return new WireException(WireError.badRequest("IncompleteSignatureException", message));
    }
}
