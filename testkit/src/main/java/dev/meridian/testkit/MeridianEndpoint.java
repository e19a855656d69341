package dev.meridian.testkit;

import java.net.URI;
import java.util.Objects;

/**
 * Where a test's Meridian listens, such as {@code http://127.0.0.1:41234}: what an SDK client's
 * {@code endpointOverride}, the AWS CLI's {@code --endpoint-url} or any HTTP client needs.
 */
public record MeridianEndpoint(URI uri) {
    public MeridianEndpoint {
        Objects.requireNonNull(uri, "uri");
    }

    /** The endpoint of this URL. */
    public static MeridianEndpoint of(String url) {
        return new MeridianEndpoint(URI.create(url));
    }

    /** The URL as text, without a trailing slash. */
    public String url() {
        return uri.toString();
    }

    /** The URL of an operator endpoint, such as {@code resolve("/_meridian/reset")}. */
    public URI resolve(String path) {
        return uri.resolve(path);
    }

    @Override
    public String toString() {
        return url();
    }
}
