package dev.meridian.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Markers for paginated listings: the opaque base64 of the sort key of the last item returned. A marker
 * that does not decode is refused with {@code InvalidMarkerException}.
 */
final class Pagination {
    private Pagination() {
    }

    /** The sort key a marker stands for; null when there is no marker. */
    static String position(String marker) {
        if (marker == null) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
            if (!decoded.startsWith("m1:")) {
                throw invalid();
            }
            return decoded.substring(3);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    static String marker(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("m1:" + position).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A page from {@code sorted} (already past the marker's position), with a marker when more remain. Its
     * size is {@code limit}, or {@code defaultLimit} when none was given, and never more than the
     * operation's {@code maximumLimit}: AWS documents ListAliases as 1 to 100 and ListResourceTags as 1 to
     * 50 while the model allows 1,000, and answers a larger {@code Limit} with a shorter page.
     */
    static <T> Page<T> page(List<T> sorted, Integer limit, int defaultLimit, int maximumLimit,
            Function<T, String> sortKey) {
        int size = Math.min(limit == null ? defaultLimit : limit, maximumLimit);
        if (sorted.size() <= size) {
            return new Page<>(sorted, null);
        }
        List<T> items = sorted.subList(0, size);
        return new Page<>(items, marker(sortKey.apply(items.get(size - 1))));
    }

    static KmsException invalid() {
        return new KmsException(ErrorCode.INVALID_MARKER, "The request was rejected because the marker is not valid.");
    }
}
