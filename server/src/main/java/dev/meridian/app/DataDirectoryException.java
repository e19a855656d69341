package dev.meridian.app;

/**
 * The data folder cannot be used: it is not a folder, cannot be created or written ({@link Problem#UNUSABLE}),
 * or another Meridian server holds it ({@link Problem#IN_USE}). The message is one line for the operator:
 * what is wrong and what is expected.
 */
public final class DataDirectoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the folder cannot be used. */
    public enum Problem {
        /** The path is a file, or the folder cannot be created or written: the option's value is wrong. */
        UNUSABLE,
        /** Another server (in another process or in this one) holds the folder. */
        IN_USE
    }

    private final Problem problem;

    DataDirectoryException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
