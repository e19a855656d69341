package dev.meridian.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.model.AccountId;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The one rule of a caller's account: a 12-digit access key ID names it in development mode, and only then. */
class CallerAccountsTest {
    private static final AccountId CONFIGURED = AccountId.of("111122223333");

    @Test
    void anAccessKeyIdOfExactlyTwelveDigitsNamesTheCallersAccount() {
        CallerAccounts accounts = CallerAccounts.of(CONFIGURED, true);
        assertThat(accounts.accountOf("111111111111")).isEqualTo(AccountId.of("111111111111"));
        assertThat(accounts.accountOf("000000000000")).isEqualTo(AccountId.of("000000000000"));
    }

    @Test
    void everyOtherAccessKeyIdIsTheConfiguredAccounts() {
        CallerAccounts accounts = CallerAccounts.of(CONFIGURED, true);
        for (String accessKeyId : Arrays.asList("AKIDEXAMPLE", "12345678901", "1234567890123", "11111111111a",
                " 111111111111", "１１１１１１１１１１１１", "", null)) {
            assertThat(accounts.accountOf(accessKeyId)).as("%s", accessKeyId).isEqualTo(CONFIGURED);
        }
    }

    @Test
    void withTheRuleOffEveryAccessKeyIdIsTheConfiguredAccounts() {
        CallerAccounts accounts = CallerAccounts.of(CONFIGURED, false);
        assertThat(accounts.accountOf("111111111111")).isEqualTo(CONFIGURED);
        assertThat(accounts.fromAccessKeyIds()).isFalse();
        assertThat(accounts.configured()).isEqualTo(CONFIGURED);
    }
}
