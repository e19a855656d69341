package dev.meridian.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A string of a policy that may hold policy variables (a {@code Resource}, a condition value): text, with
 * {@code ${KEY}} replaced by the request's single value of the condition key {@code KEY} ({@code ${aws:username}},
 * {@code ${aws:userid}}, {@code ${aws:PrincipalAccount}}...) or by the default of {@code ${KEY, 'default'}} when the
 * request has none, and {@code ${*}}, {@code ${?}}, {@code ${$}} by the character itself, never a wildcard. Only
 * policies of version {@code 2012-10-17} have variables; in others, and where no {@code ${} appears, the text is
 * a constant. A variable the request cannot resolve (no value, several values, no default) makes the whole text
 * unresolvable: it matches nothing, as in IAM. Text from a variable's value is literal: its {@code *} and
 * {@code ?} are no wildcards. Immutable.
 */
final class PolicyText {
    private sealed interface Part permits Literal, Escaped, Variable {
    }

    /** Policy text: its {@code *} and {@code ?} are wildcards where the operator has them. */
    private record Literal(String text) implements Part {
    }

    /** {@code ${*}}, {@code ${?}}, {@code ${$}}: the character itself. */
    private record Escaped(int codePoint) implements Part {
    }

    private record Variable(String key, String defaultValue) implements Part {
    }

    private final String text;
    private final List<Part> parts;

    private PolicyText(String text, List<Part> parts) {
        this.text = text;
        this.parts = parts;
    }

    /** {@code text} as written in a policy; {@code variables} whether the policy's version has them. */
    static PolicyText of(String text, boolean variables) {
        if (!variables || !text.contains("${")) {
            return new PolicyText(text, null);
        }
        List<Part> parts = new ArrayList<>();
        int position = 0;
        while (position < text.length()) {
            int start = text.indexOf("${", position);
            int end = start < 0 ? -1 : text.indexOf('}', start + 2);
            if (start < 0 || end < 0) {
                parts.add(new Literal(text.substring(position)));
                break;
            }
            if (start > position) {
                parts.add(new Literal(text.substring(position, start)));
            }
            parts.add(part(text.substring(start + 2, end).trim()));
            position = end + 1;
        }
        return new PolicyText(text, List.copyOf(parts));
    }

    private static Part part(String inside) {
        if (inside.equals("*") || inside.equals("?") || inside.equals("$")) {
            return new Escaped(inside.charAt(0));
        }
        int comma = inside.indexOf(',');
        if (comma < 0) {
            return new Variable(inside, null);
        }
        String defaultValue = inside.substring(comma + 1).trim();
        if (defaultValue.length() >= 2 && defaultValue.startsWith("'") && defaultValue.endsWith("'")) {
            defaultValue = defaultValue.substring(1, defaultValue.length() - 1);
        }
        return new Variable(inside.substring(0, comma).trim(), defaultValue);
    }

    /** The text as the policy wrote it. */
    String text() {
        return text;
    }

    /** Whether the text has no variable: {@link #text()} is its value for every request. */
    boolean isConstant() {
        return parts == null;
    }

    /** The text for {@code request} with its variables replaced, or null when one cannot be resolved. */
    String resolve(AccessRequest request) {
        if (parts == null) {
            return text;
        }
        StringBuilder resolved = new StringBuilder(text.length() + 16);
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                resolved.append(literal.text());
            } else if (part instanceof Escaped escaped) {
                resolved.appendCodePoint(escaped.codePoint());
            } else {
                String value = value((Variable) part, request);
                if (value == null) {
                    return null;
                }
                resolved.append(value);
            }
        }
        return resolved.toString();
    }

    /**
     * The text for {@code request} as a pattern's code points ({@link Wildcard#ofCodePoints}): the policy's own
     * {@code *} and {@code ?} are wildcards, everything a variable gave is literal; null when unresolvable.
     */
    int[] resolvePattern(AccessRequest request) {
        List<int[]> pieces = new ArrayList<>(parts == null ? 1 : parts.size());
        int length = 0;
        for (Part part : parts == null ? List.<Part>of(new Literal(text)) : parts) {
            int[] piece;
            if (part instanceof Literal literal) {
                piece = literal.text().codePoints()
                        .map(c -> c == '*' ? Wildcard.ANY_SEQUENCE : c == '?' ? Wildcard.ANY_CHARACTER : c).toArray();
            } else if (part instanceof Escaped escaped) {
                piece = new int[] {escaped.codePoint()};
            } else {
                String value = value((Variable) part, request);
                piece = value == null ? null : value.codePoints().toArray();
            }
            if (piece == null) {
                return null;
            }
            pieces.add(piece);
            length += piece.length;
        }
        int[] pattern = new int[length];
        int offset = 0;
        for (int[] piece : pieces) {
            System.arraycopy(piece, 0, pattern, offset, piece.length);
            offset += piece.length;
        }
        return pattern;
    }

    private static String value(Variable variable, AccessRequest request) {
        String value = RequestKeys.variable(request, variable.key());
        return value != null ? value : variable.defaultValue();
    }

    @Override
    public String toString() {
        return text;
    }
}
