package dev.meridian.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meridian.model.AccountId;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyState;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.Region;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every cell of AWS's key-state table ({@link KeyStateTable}, read from the test resource {@code key-states.md})
 * against {@link KeyStateRules}: for each operation, each state and each origin a key in that state can have, the
 * rule allows what the table allows and refuses the rest with the error of the cell's footnote, exactly. An
 * {@code Unavailable} key is always in a custom key store; Meridian has none, so that column is checked here,
 * on the rules alone.
 */
class KeyStateTableTest {
    /** Rows of operations Meridian does not have yet (they answer UnsupportedOperation): none left. */
    private static final Set<String> NOT_YET_IMPLEMENTED = Set.of();
    private static final KeyStateTable TABLE = KeyStateTable.load();

    @Test
    void theTableIsWholeAndEveryImplementedRowHasARule() {
        assertThat(TABLE.operations()).hasSize(41);
        assertThat(TABLE.footnotes()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        Set<String> ruled = Arrays.stream(KeyStateRules.values()).map(KeyStateRules::operation)
                .collect(Collectors.toSet());
        assertThat(TABLE.operations().stream().filter(operation -> !ruled.contains(operation)))
                .containsExactlyInAnyOrderElementsOf(NOT_YET_IMPLEMENTED);
        assertThat(ruled.stream().filter(operation -> !TABLE.operations().contains(operation)))
                .containsExactlyInAnyOrderElementsOf(KeyStateTable.NEWER_THAN_THE_TABLE);
    }

    @ParameterizedTest
    @EnumSource(KeyStateRules.class)
    void everyCellOfTheRowHolds(KeyStateRules rule) {
        int checked = 0;
        for (KeyState state : KeyState.values()) {
            for (KeyOrigin origin : KeyStateTable.originsIn(state)) {
                KeyRecord key = key(state, origin);
                Optional<KeyStateTable.Answer> expected = TABLE.answer(rule.operation(), state, origin, key.arn());
                if (expected.isPresent()) {
                    assertThat(answer(rule, key)).as("%s on a key of origin %s in state %s", rule.operation(), origin,
                            state).isEqualTo(expected.get());
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(10);
    }

    private static KeyStateTable.Answer answer(KeyStateRules rule, KeyRecord key) {
        KmsException refused = catchThrowableOfType(KmsException.class, () -> rule.check(key));
        if (refused == null) {
            return KeyStateTable.Answer.ALLOWED;
        }
        return new KeyStateTable.Answer(switch (refused.code()) {
            case DISABLED -> "DisabledException";
            case KMS_INVALID_STATE -> "KMSInvalidStateException";
            case UNSUPPORTED_OPERATION -> "UnsupportedOperationException";
            default -> refused.code().name();
        }, refused.getMessage());
    }

    private static KeyRecord key(KeyState state, KeyOrigin origin) {
        return KeyRecord.builder()
                .reference(new KeyReference(AccountId.of("111122223333"), Region.of("eu-west-1"),
                        KeyId.parseOrNull("mrk-1234abcd12ab34cd56ef1234567890ab")))
                .description("")
                .policy("{}")
                .state(state)
                .creationDate(Instant.EPOCH)
                .origin(origin)
                .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                .keyUsage(KeyUsage.ENCRYPT_DECRYPT)
                .primaryRegion(Region.of("eu-west-1"))
                .build();
    }
}
