package dev.meridian.wire;

import dev.meridian.identity.StsException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a Query-protocol request: those of the query string, then those of a form-encoded body
 * ({@code application/x-www-form-urlencoded}, UTF-8; {@code +} is a space), each name with its first value.
 * A list member keeps its flattened name ({@code PolicyArns.member.1.arn}).
 */
final class StsForm {
    static final String CONTENT_TYPE = "application/x-www-form-urlencoded";

    private StsForm() {
    }

    /**
     * The request's parameters; STS's {@code MalformedQueryString} (404, as AWS's common errors list it) for a
     * percent-escape that is not one.
     */
    static Map<String, String> parameters(FullHttpRequest request) {
        try {
            return read(request);
        } catch (IllegalArgumentException e) {
            throw new StsException("MalformedQueryString", 404, "The query string contains a syntax error.");
        }
    }

    private static Map<String, String> read(FullHttpRequest request) {
        Map<String, String> parameters = new LinkedHashMap<>();
        add(parameters, new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8).parameters());
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType != null && contentType.regionMatches(true, 0, CONTENT_TYPE, 0, CONTENT_TYPE.length())
                && request.content().isReadable()) {
            add(parameters, parse(request.content().toString(StandardCharsets.UTF_8)));
        }
        return parameters;
    }

    /** The parameters of a form-encoded body. */
    static Map<String, List<String>> parse(String body) {
        return new QueryStringDecoder(body, StandardCharsets.UTF_8, false, 1024).parameters();
    }

    private static void add(Map<String, String> into, Map<String, List<String>> parameters) {
        parameters.forEach((name, values) -> {
            if (!values.isEmpty()) {
                into.putIfAbsent(name, values.get(0));
            }
        });
    }
}
