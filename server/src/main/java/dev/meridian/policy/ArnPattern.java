package dev.meridian.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ARN pattern of {@code ArnEquals}/{@code ArnLike} (which IAM treats alike): each of the six colon-separated
 * parts of an ARN ({@code arn}, partition, service, Region, account, resource) is matched on its own by a
 * case-sensitive {@link Wildcard}, so a {@code *} never spans a colon between parts; the resource part is the
 * rest of the ARN, colons included. A pattern with fewer parts matches its last part against the rest of the
 * ARN ({@code *} matches every ARN). A value that does not start with {@code arn:} is not an ARN and matches
 * no pattern. Immutable.
 */
final class ArnPattern {
    private static final int PARTS = 6;

    private final Wildcard[] parts;

    private ArnPattern(Wildcard[] parts) {
        this.parts = parts;
    }

    /** The pattern written {@code text}. */
    static ArnPattern of(String text) {
        return of(text, text.codePoints().map(c -> c == '*' ? Wildcard.ANY_SEQUENCE
                : c == '?' ? Wildcard.ANY_CHARACTER : c).toArray());
    }

    /** The pattern of {@code codePoints} as {@link Wildcard#ofCodePoints} reads them ({@code text} to display). */
    static ArnPattern of(String text, int[] codePoints) {
        List<Wildcard> parts = new ArrayList<>(PARTS);
        int start = 0;
        for (int index = 0; index < codePoints.length && parts.size() < PARTS - 1; index++) {
            if (codePoints[index] == ':') {
                parts.add(Wildcard.ofCodePoints(text, Arrays.copyOfRange(codePoints, start, index), false));
                start = index + 1;
            }
        }
        parts.add(Wildcard.ofCodePoints(text, Arrays.copyOfRange(codePoints, start, codePoints.length), false));
        return new ArnPattern(parts.toArray(new Wildcard[0]));
    }

    /** Whether {@code arn} is an ARN matching this pattern part by part. */
    boolean matches(String arn) {
        if (!arn.startsWith("arn:")) {
            return false;
        }
        int start = 0;
        for (int index = 0; index < parts.length; index++) {
            int end = index == parts.length - 1 ? arn.length() : arn.indexOf(':', start);
            if (end < 0 || !parts[index].matches(arn.substring(start, end))) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }
}
