package dev.meridian.policy;

import java.util.Arrays;

/**
 * A pattern of the IAM policy language: {@code *} matches any sequence of characters (the empty one
 * included), {@code ?} matches exactly one character, and every other character matches itself. There is no
 * escape, as in IAM. Characters are Unicode code points, so {@code ?} matches one whole character even
 * outside the Basic Multilingual Plane.
 *
 * <p>Letter case follows IAM: action names ({@code kms:Encrypt}) are compared without regard to case
 * ({@link #ignoringCase}), resources, principals and condition values with regard to it ({@link #exact}).
 * Matching an ARN with {@code ArnLike} applies a pattern to each colon-separated part on its own; that is the
 * caller's to do.
 *
 * <p>Guarantees: a pattern is text, never a regular expression. {@link #matches} runs in O(n * m) time for a
 * text of n characters and a pattern of m, in O(1) extra space (it allocates nothing), without
 * backtracking or recursion: a policy's author cannot make a match slow. Runs of {@code *} are collapsed
 * when the pattern is made. Immutable and thread-safe.
 */
public final class Wildcard {
    /** In {@link #codePoints}: a {@code *} that stands for any sequence (a literal one is its code point). */
    static final int ANY_SEQUENCE = -1;
    /** In {@link #codePoints}: a {@code ?} that stands for any one character. */
    static final int ANY_CHARACTER = -2;

    private final String pattern;
    private final int[] codePoints;
    private final boolean ignoreCase;

    private Wildcard(String pattern, boolean ignoreCase) {
        this.pattern = pattern;
        this.codePoints = collapseStars(pattern.codePoints()
                .map(character -> character == '*' ? ANY_SEQUENCE : character == '?' ? ANY_CHARACTER : character)
                .toArray());
        this.ignoreCase = ignoreCase;
    }

    private Wildcard(String pattern, int[] codePoints, boolean ignoreCase) {
        this.pattern = pattern;
        this.codePoints = collapseStars(codePoints);
        this.ignoreCase = ignoreCase;
    }

    /**
     * A pattern given as code points in which {@link #ANY_SEQUENCE} and {@link #ANY_CHARACTER} are the wildcards
     * and every other value, {@code '*'} and {@code '?'} included, matches itself: a policy's text after its
     * variables ({@code ${aws:username}}, {@code ${*}}) are resolved. {@code pattern} is only for display.
     */
    static Wildcard ofCodePoints(String pattern, int[] codePoints, boolean ignoreCase) {
        return new Wildcard(requireText(pattern), codePoints.clone(), ignoreCase);
    }

    /** A pattern compared with regard to letter case: resources, principals, condition values. */
    public static Wildcard exact(String pattern) {
        return new Wildcard(requireText(pattern), false);
    }

    /** A pattern compared without regard to letter case: action names. */
    public static Wildcard ignoringCase(String pattern) {
        return new Wildcard(requireText(pattern), true);
    }

    /** Whether the whole of {@code text} matches the whole pattern. */
    public boolean matches(String text) {
        requireText(text);
        if (codePoints.length == 1 && codePoints[0] == ANY_SEQUENCE) {
            return true;
        }
        int patternIndex = 0;
        // Indices into the text are in chars; each step moves over one whole code point.
        int textIndex = 0;
        // The last star seen, and the text position its current attempt stops at: on a mismatch the star
        // swallows one more character and matching resumes after it. An earlier star never needs another
        // try: whatever it could swallow, the later star can swallow too.
        int starIndex = -1;
        int starEnd = 0;
        while (textIndex < text.length()) {
            if (patternIndex < codePoints.length && codePoints[patternIndex] == ANY_SEQUENCE) {
                starIndex = patternIndex++;
                starEnd = textIndex;
                continue;
            }
            int character = text.codePointAt(textIndex);
            if (patternIndex < codePoints.length && (codePoints[patternIndex] == ANY_CHARACTER
                    || same(codePoints[patternIndex], character))) {
                patternIndex++;
                textIndex += Character.charCount(character);
            } else if (starIndex >= 0) {
                patternIndex = starIndex + 1;
                starEnd += Character.charCount(text.codePointAt(starEnd));
                textIndex = starEnd;
            } else {
                return false;
            }
        }
        while (patternIndex < codePoints.length && codePoints[patternIndex] == ANY_SEQUENCE) {
            patternIndex++;
        }
        return patternIndex == codePoints.length;
    }

    /** The pattern as it was written. */
    public String pattern() {
        return pattern;
    }

    public boolean ignoresCase() {
        return ignoreCase;
    }

    private boolean same(int patternCharacter, int textCharacter) {
        if (patternCharacter == textCharacter) {
            return true;
        }
        // As String.equalsIgnoreCase: upper case first, then lower case for scripts where that differs.
        if (!ignoreCase) {
            return false;
        }
        int upperPattern = Character.toUpperCase(patternCharacter);
        int upperText = Character.toUpperCase(textCharacter);
        return upperPattern == upperText || Character.toLowerCase(upperPattern) == Character.toLowerCase(upperText);
    }

    private static int[] collapseStars(int[] characters) {
        int[] collapsed = new int[characters.length];
        int length = 0;
        for (int character : characters) {
            if (character != ANY_SEQUENCE || length == 0 || collapsed[length - 1] != ANY_SEQUENCE) {
                collapsed[length++] = character;
            }
        }
        return Arrays.copyOf(collapsed, length);
    }

    private static String requireText(String text) {
        if (text == null) {
            throw new NullPointerException("A wildcard pattern and the text it matches are not null");
        }
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Wildcard wildcard && wildcard.ignoreCase == ignoreCase && wildcard.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode() * 31 + Boolean.hashCode(ignoreCase);
    }

    @Override
    public String toString() {
        return (ignoreCase ? "Wildcard[ignoring case: " : "Wildcard[exact: ") + pattern + "]";
    }
}
