package dev.meridian.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.model.Grant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A grant's CreateGrant passes on constraints at least as strict as its own (AWS: "Granting CreateGrant permission"). */
class GrantAccessTest {
    private static final Grant.Constraints SUBSET = new Grant.Constraints(null, Map.of("Department", "IT"), null);
    private static final Grant.Constraints EQUALS = new Grant.Constraints(Map.of("Department", "IT"), null, null);

    @Test
    void aParentWithoutConstraintsAllowsAnyChild() {
        assertThat(GrantAccess.asStrict(null, Map.of(), Grant.Constraints.NONE)).isTrue();
        assertThat(GrantAccess.asStrict("EncryptionContextSubset", Map.of("a", "b"), Grant.Constraints.NONE)).isTrue();
    }

    @Test
    void aSubsetParentNeedsEveryPairOfItInTheChildsSubsetOrEquals() {
        assertThat(GrantAccess.asStrict("EncryptionContextSubset", Map.of("Department", "IT"), SUBSET)).isTrue();
        assertThat(GrantAccess.asStrict("EncryptionContextSubset", Map.of("Department", "IT", "Team", "a"), SUBSET)).isTrue();
        assertThat(GrantAccess.asStrict("EncryptionContextEquals", Map.of("Department", "IT", "Team", "a"), SUBSET)).isTrue();
        assertThat(GrantAccess.asStrict(null, Map.of(), SUBSET)).isFalse();
        assertThat(GrantAccess.asStrict("EncryptionContextSubset", Map.of("Team", "a"), SUBSET)).isFalse();
        assertThat(GrantAccess.asStrict("EncryptionContextSubset", Map.of("Department", "it"), SUBSET)).isFalse();
    }

    @Test
    void anEqualsParentNeedsTheSameEqualsConstraintNeverASubset() {
        assertThat(GrantAccess.asStrict("EncryptionContextEquals", Map.of("Department", "IT"), EQUALS)).isTrue();
        assertThat(GrantAccess.asStrict("EncryptionContextSubset", Map.of("Department", "IT"), EQUALS)).isFalse();
        assertThat(GrantAccess.asStrict("EncryptionContextEquals", Map.of("Department", "IT", "Team", "a"), EQUALS)).isFalse();
        assertThat(GrantAccess.asStrict(null, Map.of(), EQUALS)).isFalse();
    }
}
