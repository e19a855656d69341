package dev.meridian.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meridian.crypto.FileRootKey;
import dev.meridian.model.AccountId;
import dev.meridian.model.Region;
import dev.meridian.store.Store;
import dev.meridian.store.StoreBatch;
import dev.meridian.store.StoreContents;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-key grant quota, with a small limit (50,000 grants through the SDK would take minutes): the
 * grant past it is refused with AWS's {@code LimitExceededException} text, and a grant that repeats a named
 * one still answers, since it adds nothing.
 */
class GrantLimitTest {
    /** A store that keeps nothing: the registry's memory is all this test reads. */
    private static final class NothingStore implements Store {
        @Override
        public StoreContents load() {
            return new StoreContents(List.of(), List.of(), List.of(), List.of());
        }

        @Override
        public void commit(StoreBatch batch) {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void theGrantPastTheLimitIsRefusedAndChangesNothing(@TempDir Path folder) {
        assertThat(Grants.MAXIMUM_GRANTS_PER_KEY).isEqualTo(50_000);
        KeyRegistry registry = KeyRegistry.load(new NothingStore(), FileRootKey.loadOrCreate(folder.resolve("root.key")));
        Clock clock = Clock.systemUTC();
        Caller caller = Caller.root(AccountId.of("111122223333"), Region.of("us-east-1"));
        String keyId = new KeyLifecycle(registry, clock, 10).createKey(caller, new CreateKeyRequest(null, null, null,
                null, null, false, List.of(), false, null)).record().reference().keyId().value();
        Grants grants = new Grants(registry, clock, 2);
        CreateGrantRequest named = new CreateGrantRequest(keyId, "arn:aws:iam::111122223333:role/a", null, null, null,
                List.of("Encrypt"), null, "named");
        String namedId = grants.createGrant(caller, named).grantId();
        grants.createGrant(caller, new CreateGrantRequest(keyId, "arn:aws:iam::111122223333:role/b", null, null, null,
                List.of("Decrypt"), null, null));

        KmsException refused = catchThrowableOfType(KmsException.class, () -> grants.createGrant(caller,
                new CreateGrantRequest(keyId, "arn:aws:iam::111122223333:role/c", null, null, null, List.of("Decrypt"),
                        null, null)));
        assertThat(refused.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(refused.getMessage())
                .isEqualTo("Grants per key quota for this account in this region is 2, current usage is 2.");
        assertThat(grants.createGrant(caller, named).grantId()).isEqualTo(namedId);
        assertThat(grants.listGrants(caller, keyId, null, null, null, null, null).items()).hasSize(2);
    }
}
