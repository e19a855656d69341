package dev.meridian.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** IAM's wildcard semantics, letter case, and inputs that make a backtracking matcher take exponential time. */
class WildcardTest {

    @Test
    void aStarMatchesAnySequenceIncludingTheEmptyOne() {
        Wildcard all = Wildcard.exact("*");
        assertThat(all.matches("")).isTrue();
        assertThat(all.matches("anything at all")).isTrue();

        Wildcard kms = Wildcard.exact("kms:*");
        assertThat(kms.matches("kms:")).isTrue();
        assertThat(kms.matches("kms:Encrypt")).isTrue();
        assertThat(kms.matches("km:Encrypt")).isFalse();
        assertThat(kms.matches("s3:GetObject")).isFalse();

        Wildcard middle = Wildcard.exact("kms:*Key*");
        assertThat(middle.matches("kms:CreateKey")).isTrue();
        assertThat(middle.matches("kms:KeyPolicy")).isTrue();
        assertThat(middle.matches("kms:PutKeyPolicy")).isTrue();
        assertThat(middle.matches("kms:Encrypt")).isFalse();
        assertThat(Wildcard.exact("*Key").matches("kms:CreateKeys")).isFalse();
        assertThat(Wildcard.exact("a*b*c").matches("abc")).isTrue();
        assertThat(Wildcard.exact("a*b*c").matches("aXbYbZc")).isTrue();
        assertThat(Wildcard.exact("a*b*c").matches("acb")).isFalse();
    }

    @Test
    void aQuestionMarkMatchesExactlyOneCharacter() {
        Wildcard one = Wildcard.exact("kms:Decrypt?");
        assertThat(one.matches("kms:Decrypts")).isTrue();
        assertThat(one.matches("kms:Decrypt")).isFalse();
        assertThat(one.matches("kms:Decryptss")).isFalse();
        assertThat(Wildcard.exact("???").matches("abc")).isTrue();
        assertThat(Wildcard.exact("???").matches("ab")).isFalse();
        assertThat(Wildcard.exact("?*").matches("")).isFalse();
        assertThat(Wildcard.exact("*?").matches("x")).isTrue();
        // One character is one code point, also outside the Basic Multilingual Plane.
        assertThat(Wildcard.exact("a?b").matches("a\uD83D\uDD11b")).isTrue();
    }

    @Test
    void everyOtherCharacterIsLiteralAsNoEscapeExists() {
        assertThat(Wildcard.exact("kms:Re.*").matches("kms:ReEncrypt")).isFalse();
        assertThat(Wildcard.exact("kms:Re.*").matches("kms:Re.Encrypt")).isTrue();
        assertThat(Wildcard.exact("a+b").matches("aab")).isFalse();
        assertThat(Wildcard.exact("[ab]").matches("a")).isFalse();
        assertThat(Wildcard.exact("\\*").matches("\\anything")).isTrue();
        assertThat(Wildcard.exact("").matches("")).isTrue();
        assertThat(Wildcard.exact("").matches("a")).isFalse();
    }

    @Test
    void actionsIgnoreLetterCaseAndResourcesDoNot() {
        Wildcard action = Wildcard.ignoringCase("KMS:putkey*");
        assertThat(action.matches("kms:PutKeyPolicy")).isTrue();
        assertThat(action.matches("KMS:PUTKEYPOLICY")).isTrue();
        assertThat(action.ignoresCase()).isTrue();

        Wildcard resource = Wildcard.exact("arn:aws:kms:us-east-1:111122223333:key/*");
        assertThat(resource.matches("arn:aws:kms:us-east-1:111122223333:key/abc")).isTrue();
        assertThat(resource.matches("ARN:aws:kms:us-east-1:111122223333:key/abc")).isFalse();
        assertThat(resource.ignoresCase()).isFalse();
        // As String.equalsIgnoreCase: the final sigma and the sigma are one letter in upper case.
        assertThat(Wildcard.ignoringCase("\u03C3\u03B1\u03C2").matches("\u03A3\u0391\u03A3")).isTrue();
        assertThat(Wildcard.exact("\u03C3\u03B1\u03C2").matches("\u03A3\u0391\u03A3")).isFalse();
    }

    @Test
    void manyStarsBeforeACharacterThatNeverComesFinishWithTheRightAnswer() {
        String text = "kms:" + "a".repeat(100_000);
        assertThat(Wildcard.ignoringCase("kms:" + "*".repeat(40) + "z").matches("kms:PutKeyPolicy")).isFalse();
        assertThat(Wildcard.exact("*".repeat(10_000) + "z").matches(text)).isFalse();
        assertThat(Wildcard.exact("*".repeat(10_000) + "a").matches(text)).isTrue();
        // Stars separated by other characters are not collapsed; the match is still O(n * m), never exponential.
        String alternating = "*a".repeat(5_000) + "z";
        assertThat(Wildcard.exact(alternating).matches(text)).isFalse();
        assertThat(Wildcard.exact("*a".repeat(5_000)).matches(text)).isTrue();
        assertThat(Wildcard.exact("?*".repeat(2_000) + "b").matches("a".repeat(20_000))).isFalse();
    }

    @Test
    void isAValueWithTheTextItWasMadeFrom() {
        assertThat(Wildcard.exact("kms:**")).isEqualTo(Wildcard.exact("kms:**"));
        assertThat(Wildcard.exact("kms:*")).isNotEqualTo(Wildcard.ignoringCase("kms:*"));
        assertThat(Wildcard.exact("kms:**").pattern()).isEqualTo("kms:**");
        assertThat(Wildcard.exact("kms:*").hashCode()).isEqualTo(Wildcard.exact("kms:*").hashCode());
        assertThat(Wildcard.exact("kms:*")).hasToString("Wildcard[exact: kms:*]");
        assertThatThrownBy(() -> Wildcard.exact(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Wildcard.exact("*").matches(null)).isInstanceOf(NullPointerException.class);
    }
}
