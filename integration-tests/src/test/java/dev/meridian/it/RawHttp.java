package dev.meridian.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what no HTTP client will send: the bytes go out exactly as given
 * (pipelined requests in one write, broken framing), and responses are read one at a time, each within
 * a time bound. Not thread-safe; one connection per instance.
 */
final class RawHttp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Socket socket;
    private final InputStream in;
    private boolean closing;
    private int lastStatus;

    /** One response: status, headers (names in lower case), body. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as JSON, or null when it is empty or not JSON. */
        JsonNode json() {
            try {
                return body.length == 0 ? null : JSON.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + text();
        }
    }

    /** Thrown when no complete response came within the bound. */
    static final class NoAnswer extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoAnswer(String message) {
            super(message);
        }
    }

    RawHttp(String endpoint, Duration timeout) {
        URI uri = URI.create(endpoint);
        try {
            socket = new Socket(uri.getHost(), uri.getPort());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A signed-looking POST of {@code body} to {@code TrentService.<operation>} with its Content-Length;
     * {@code headerLines} (each {@code "Name: value"}) are added after the usual headers.
     */
    static byte[] request(String operation, String body, String... headerLines) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = headWithoutLength("TrentService." + operation, headerLines);
        head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
        return concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), content);
    }

    /** The request line and usual headers of a POST to {@code target}, without Content-Length or the blank line. */
    static StringBuilder headWithoutLength(String target, String... headerLines) {
        StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\nHost: localhost\r\n")
                .append("Content-Type: ").append(WireHttp.CONTENT_TYPE).append("\r\n")
                .append("X-Amz-Date: 20260101T000000Z\r\n")
                .append("Authorization: ").append(WireHttp.AUTHORIZATION).append("\r\n");
        if (target != null) {
            head.append("X-Amz-Target: ").append(target).append("\r\n");
        }
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        return head;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    RawHttp send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The status of the last response read, 0 before any. */
    int lastStatus() {
        return lastStatus;
    }

    /** True once a response said {@code Connection: close}: the server closes after it. */
    boolean closing() {
        return closing;
    }

    /** Ends the client's side of the connection (a half close): the server sees the end of the request stream. */
    void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next response; its body is read by its Content-Length. */
    Response read() {
        return read(false);
    }

    /** The next response, which has no body when it answers a HEAD. */
    Response read(boolean answersHead) {
        try {
            String statusLine = line();
            if (statusLine == null) {
                throw new NoAnswer("The server closed the connection without an answer");
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IllegalStateException("Not a status line: " + statusLine);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(); line != null && !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                        (first, second) -> first + "," + second);
            }
            int status = Integer.parseInt(parts[1]);
            String length = headers.get("content-length");
            byte[] body = answersHead || length == null || status / 100 == 1 ? new byte[0] : in.readNBytes(Integer.parseInt(length));
            if (length != null && !answersHead && status / 100 != 1 && body.length != Integer.parseInt(length)) {
                throw new NoAnswer("The connection ended inside a response body");
            }
            closing |= "close".equalsIgnoreCase(headers.get("connection"));
            lastStatus = status;
            return new Response(status, headers, body);
        } catch (SocketTimeoutException e) {
            throw new NoAnswer("No complete answer within " + timeoutMillis() + " ms");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next final response, skipping {@code 100 Continue}. */
    Response readFinal() {
        Response response = read();
        while (response.status() / 100 == 1) {
            response = read();
        }
        return response;
    }

    /** True when the server closes the connection (end of stream) within the bound, with nothing more sent. */
    boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private int timeoutMillis() {
        try {
            return socket.getSoTimeout();
        } catch (IOException e) {
            return -1;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int next = in.read();
            if (next < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (previous == '\r' && next == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(next);
            previous = next;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
