package dev.meridian.model;

import java.util.regex.Pattern;

/** A 12-digit AWS account ID. Immutable; always valid. */
public record AccountId(String value) {
    private static final Pattern FORMAT = Pattern.compile("\\d{12}");

    public AccountId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("An account ID is 12 digits: " + value);
        }
    }

    public static AccountId of(String value) {
        return new AccountId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
