package dev.meridian.wire;

import io.netty.handler.codec.http.FullHttpRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical request of AWS Signature Version 4, as the AWS SDKs make it for services other than S3: the method,
 * the path with each segment URI-encoded again (the SDKs encode the already encoded path once more), the query
 * parameters decoded, encoded with SigV4's rules and sorted, each signed header with its values trimmed, spaces
 * collapsed and joined by commas, the signed headers' list, and the payload's SHA-256.
 */
final class SigV4Canonical {
    private SigV4Canonical() {
    }

    /** The canonical request of {@code request}, signing {@code signedHeaders}, whose payload hashes to {@code payloadHash}. */
    static String request(FullHttpRequest request, List<String> signedHeaders, String payloadHash) {
        String uri = request.uri();
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd >= 0) {
            int pathStart = uri.indexOf('/', schemeEnd + 3);
            uri = pathStart < 0 ? "/" : uri.substring(pathStart);
        }
        int queryStart = uri.indexOf('?');
        String path = queryStart < 0 ? uri : uri.substring(0, queryStart);
        String query = queryStart < 0 ? "" : uri.substring(queryStart + 1);
        StringBuilder canonical = new StringBuilder(256);
        canonical.append(request.method().name()).append('\n');
        canonical.append(path(path)).append('\n');
        canonical.append(query(query)).append('\n');
        for (String name : signedHeaders) {
            canonical.append(name).append(':');
            List<String> values = request.headers().getAll(name);
            for (int index = 0; index < values.size(); index++) {
                if (index > 0) {
                    canonical.append(',');
                }
                appendTrimmed(canonical, values.get(index));
            }
            canonical.append('\n');
        }
        canonical.append('\n');
        for (int index = 0; index < signedHeaders.size(); index++) {
            canonical.append(index > 0 ? ";" : "").append(signedHeaders.get(index));
        }
        canonical.append('\n').append(payloadHash);
        return canonical.toString();
    }

    /** Appends {@code value} without leading and trailing spaces, each run of spaces inside it as one. */
    private static void appendTrimmed(StringBuilder canonical, String value) {
        boolean pendingSpace = false;
        boolean started = false;
        for (int index = 0; index < value.length(); index++) {
            char character = value.charAt(index);
            if (Character.isWhitespace(character)) {
                pendingSpace = started;
            } else {
                if (pendingSpace) {
                    canonical.append(' ');
                    pendingSpace = false;
                }
                canonical.append(character);
                started = true;
            }
        }
    }

    /** The path with each segment URI-encoded (slashes kept); an empty path is {@code /}. */
    static String path(String path) {
        if (path.isEmpty()) {
            return "/";
        }
        StringBuilder encoded = new StringBuilder(path.length() + 8);
        int start = 0;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            encoded.append(encode(path.substring(start, end)));
            if (slash < 0) {
                break;
            }
            encoded.append('/');
            start = slash + 1;
        }
        return encoded.toString();
    }

    /** The query's parameters, decoded, encoded again with SigV4's rules, sorted by name then value. */
    static String query(String query) {
        if (query.isEmpty()) {
            return "";
        }
        List<String[]> parameters = new ArrayList<>();
        for (String parameter : query.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            String value = equals < 0 ? "" : parameter.substring(equals + 1);
            parameters.add(new String[] {encode(decode(name)), encode(decode(value))});
        }
        parameters.sort((first, second) -> first[0].equals(second[0]) ? first[1].compareTo(second[1])
                : first[0].compareTo(second[0]));
        StringBuilder canonical = new StringBuilder(query.length() + 16);
        for (String[] parameter : parameters) {
            if (canonical.length() > 0) {
                canonical.append('&');
            }
            canonical.append(parameter[0]).append('=').append(parameter[1]);
        }
        return canonical.toString();
    }

    /** SigV4's URI encoding: every byte of the UTF-8 text but {@code A-Z a-z 0-9 - _ . ~} as {@code %XY}. */
    static String encode(String text) {
        StringBuilder encoded = new StringBuilder(text.length());
        for (byte value : text.getBytes(StandardCharsets.UTF_8)) {
            int character = value & 0xFF;
            if (character >= 'A' && character <= 'Z' || character >= 'a' && character <= 'z'
                    || character >= '0' && character <= '9' || character == '-' || character == '_' || character == '.'
                    || character == '~') {
                encoded.append((char) character);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(character >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(character & 0xF, 16)));
            }
        }
        return encoded.toString();
    }

    /** Percent-decoding as UTF-8; a {@code %} not followed by two hex digits stays as it is. */
    static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        for (int index = 0; index < raw.length; index++) {
            if (raw[index] == '%' && index + 2 < raw.length && Character.digit(raw[index + 1], 16) >= 0
                    && Character.digit(raw[index + 2], 16) >= 0) {
                bytes.write(Character.digit(raw[index + 1], 16) * 16 + Character.digit(raw[index + 2], 16));
                index += 2;
            } else {
                bytes.write(raw[index]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
