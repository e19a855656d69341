package dev.meridian.wire;

import dev.meridian.model.AccountId;
import java.util.regex.Pattern;

/**
 * The one rule of which account a request is made in. In development mode an access key ID of exactly 12
 * digits names the caller's account, as LocalStack does ("You can specify a 12-digit number which will be
 * taken by LocalStack as the account ID", docs.localstack.cloud, Credentials): two clients with the access
 * keys {@code 111111111111} and {@code 222222222222} work in two accounts without any configuration. Any other
 * access key ID, or every one when the rule is off, is the configured account's ({@code --account-id}).
 * Immutable.
 */
public final class CallerAccounts {
    private static final Pattern ACCOUNT_ACCESS_KEY = Pattern.compile("\\d{12}");
    private final AccountId configured;
    private final boolean fromAccessKeyIds;

    private CallerAccounts(AccountId configured, boolean fromAccessKeyIds) {
        this.configured = java.util.Objects.requireNonNull(configured, "configured");
        this.fromAccessKeyIds = fromAccessKeyIds;
    }

    /**
     * The accounts of callers: {@code configured} for every one, unless {@code fromAccessKeyIds} (development
     * mode) lets a 12-digit access key ID name its own.
     */
    public static CallerAccounts of(AccountId configured, boolean fromAccessKeyIds) {
        return new CallerAccounts(configured, fromAccessKeyIds);
    }

    /** The account of a request signed with {@code accessKeyId} (null when the request names none). */
    public AccountId accountOf(String accessKeyId) {
        if (fromAccessKeyIds && accessKeyId != null && ACCOUNT_ACCESS_KEY.matcher(accessKeyId).matches()) {
            return AccountId.of(accessKeyId);
        }
        return configured;
    }

    /** The configured account: the one of every access key that names none. */
    public AccountId configured() {
        return configured;
    }

    /** Whether a 12-digit access key ID names the caller's account. */
    public boolean fromAccessKeyIds() {
        return fromAccessKeyIds;
    }
}
