package dev.meridian.wire.model;

import java.util.Objects;

/**
 * One member of a structure shape: its name as it appears in the JSON body, the name used in validation
 * paths (first letter lower-cased, as AWS reports it), its target shape and whether it is required.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the member name as in the model and on the wire, for example {@code KeyId}
 * @param pathName the member name as AWS writes it in validation messages, for example {@code keyId}
 * @param target the shape of the member's value
 * @param required whether the structure requires this member
 */
public record ShapeMember(String name, String pathName, Shape target, boolean required) {

    /** Checks that no component is null. */
    public ShapeMember {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pathName, "pathName");
        Objects.requireNonNull(target, "target");
    }

    /**
     * Returns the name used in validation paths: the member name with its first letter lower-cased.
     *
     * @param memberName the member name as in the model
     * @return the path name, for example {@code numberOfBytes} for {@code NumberOfBytes}
     */
    public static String pathNameOf(String memberName) {
        if (memberName.isEmpty() || Character.isLowerCase(memberName.charAt(0))) {
            return memberName;
        }
        return Character.toLowerCase(memberName.charAt(0)) + memberName.substring(1);
    }
}
