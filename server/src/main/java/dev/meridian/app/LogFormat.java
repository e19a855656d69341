package dev.meridian.app;

import java.util.Locale;

/** How the server writes its log lines (the request log's and every other): {@code --log-format}. */
public enum LogFormat {
    /** One line of text per event, the time first. */
    TEXT,
    /** One JSON object per line, written by Logback's own {@code JsonEncoder}. */
    JSON;

    /** The name as the command line takes it: {@code text}, {@code json}. */
    public String optionText() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code text} or {@code json} (any case); refuses anything else saying what is expected. */
    static LogFormat parse(String text) {
        for (LogFormat format : values()) {
            if (format.optionText().equalsIgnoreCase(text.trim())) {
                return format;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a log format; expected text or json");
    }
}
