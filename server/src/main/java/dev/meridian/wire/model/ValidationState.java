package dev.meridian.wire.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The state of one validation run: the path from the body to the value being checked and the violations
 * found so far. Path segments are kept as the strings the model and the body already hold, so that nothing is
 * allocated while the request is valid; a path is rendered only when a violation is recorded.
 *
 * <p>Not thread-safe: one instance serves one call of {@link RequestValidator#validate} on one thread.
 */
final class ValidationState {

    /** The most violations one message reports, as AWS does. */
    static final int MAXIMUM_REPORTED_VIOLATIONS = 10;

    private static final int NOT_A_LIST_INDEX = 0;

    private String[] names = new String[8];
    private int[] listIndexes = new int[8];
    private int depth;
    private List<String> violations;

    /** Enters a structure member or a map entry, named by its path name or map key. */
    void enterName(String name) {
        ensureCapacity();
        names[depth] = name;
        listIndexes[depth] = NOT_A_LIST_INDEX;
        depth++;
    }

    /** Enters the list element at a one-based index; the path shows it as {@code <index>.member}. */
    void enterListElement(int oneBasedIndex) {
        ensureCapacity();
        names[depth] = null;
        listIndexes[depth] = oneBasedIndex;
        depth++;
    }

    /** Leaves the segment entered last. */
    void leave() {
        depth--;
    }

    /** Tells whether another violation would still be reported. */
    boolean acceptsViolations() {
        return violations == null || violations.size() < MAXIMUM_REPORTED_VIOLATIONS;
    }

    /**
     * Records a violation at the current path.
     *
     * @param renderedValue the value as AWS prints it: {@code 'text'}, {@code null}, or null to print no value
     * @param constraint the text of the violated constraint
     */
    void addViolation(String renderedValue, String constraint) {
        if (!acceptsViolations()) {
            return;
        }
        if (violations == null) {
            violations = new ArrayList<>(4);
        }
        StringBuilder text = new StringBuilder(64 + constraint.length()).append("Value ");
        if (renderedValue != null) {
            text.append(renderedValue).append(' ');
        }
        text.append("at '");
        appendPath(text);
        violations.add(text.append("' failed to satisfy constraint: ").append(constraint).toString());
    }

    /** Returns the ValidationException message for the violations found, or null when there are none. */
    String message() {
        if (violations == null) {
            return null;
        }
        int count = violations.size();
        String heading = count == 1 ? "1 validation error detected: " : count + " validation errors detected: ";
        return heading + String.join("; ", violations);
    }

    /** Returns the current path as AWS writes it, for example {@code tags.1.member.tagKey}. */
    String path() {
        StringBuilder text = new StringBuilder();
        appendPath(text);
        return text.toString();
    }

    private void appendPath(StringBuilder text) {
        for (int index = 0; index < depth; index++) {
            if (index > 0) {
                text.append('.');
            }
            if (listIndexes[index] == NOT_A_LIST_INDEX) {
                text.append(names[index]);
            } else {
                text.append(listIndexes[index]).append(".member");
            }
        }
    }

    private void ensureCapacity() {
        if (depth == names.length) {
            names = Arrays.copyOf(names, depth * 2);
            listIndexes = Arrays.copyOf(listIndexes, depth * 2);
        }
    }
}
