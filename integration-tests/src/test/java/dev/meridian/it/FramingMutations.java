package dev.meridian.it;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * HTTP/1.1 framing mutations of a well-formed request, for the wire fuzzer: {@link #broken} ones that every
 * strict server must refuse (and then close the connection), and {@link #randomFlip} ones whose outcome
 * nobody can predict, sent with a half close so that an incomplete request ends.
 */
final class FramingMutations {
    private FramingMutations() {
    }

    /** A mutation that must be refused with a 4xx JSON error and a closed connection. */
    static FuzzExchange broken(Random random, byte[] request) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        int split = text.indexOf("\r\n\r\n");
        String head = text.substring(0, split);
        String body = text.substring(split + 4);
        String withoutLength = head.replaceFirst("\r\nContent-Length: \\d+", "");
        String mutated;
        String description;
        switch (random.nextInt(14)) {
            case 0 -> {
                String length = new String[] {"abc", "-1", "1 2", "+2", "0x2", "99999999999999999999", "", "2,3"}[random.nextInt(8)];
                mutated = withoutLength + "\r\nContent-Length: " + length + "\r\n\r\n" + body;
                description = "Content-Length: " + length;
            }
            case 1 -> {
                mutated = withoutLength + "\r\nContent-Length: " + body.length() + "\r\nContent-Length: " + (body.length() + 1)
                        + "\r\n\r\n" + body + " ";
                description = "two Content-Lengths";
            }
            case 2 -> {
                mutated = withoutLength + "\r\nTransfer-Encoding: chunked\r\nContent-Length: " + body.length() + "\r\n\r\n"
                        + chunked(body);
                description = "Transfer-Encoding with Content-Length";
            }
            case 3 -> {
                String size = new String[] {"zz", "-1", "fffffffffffffffffff", "2;\u0001", " "}[random.nextInt(5)];
                mutated = withoutLength + "\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\n" + body + "\r\n0\r\n\r\n";
                description = "chunk size " + size;
            }
            case 4 -> {
                mutated = withoutLength + "\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n"
                        + body + "XX0\r\n\r\n";
                description = "chunk data without its line end";
            }
            case 5 -> {
                mutated = head + "\r\nNoColonHere\r\n\r\n" + body;
                description = "a header line without colon";
            }
            case 6 -> {
                mutated = head + "\r\nX-Big: " + "b".repeat(8200) + "\r\n\r\n" + body;
                description = "headers over 8 KiB";
            }
            case 7 -> {
                mutated = head.replaceFirst("POST / ", "POST /" + "p".repeat(4100) + " ") + "\r\n\r\n" + body;
                description = "a request line over 4 KiB";
            }
            case 8 -> {
                mutated = head.replaceFirst("Content-Length:", "Content-Length :") + "\r\n\r\n" + body;
                description = "a space before the colon";
            }
            case 9 -> {
                mutated = head.replace("\r\n", "\n") + "\n\n" + body;
                description = "bare line feeds";
            }
            case 10 -> {
                mutated = head + "\r\nX-N\u0000l: 1\r\n\r\n" + body;
                description = "a NUL in a header name";
            }
            case 11 -> {
                mutated = head + "\r\nExpect: " + new String[] {"foo", "100-continue, foo", "200-ok"}[random.nextInt(3)] + "\r\n\r\n" + body;
                description = "an unsupported expectation";
            }
            case 12 -> {
                mutated = head.replaceFirst("HTTP/1.1", new String[] {"HTTP/1.1 x", "HTTP/x.y", "FTP/1.1"}[random.nextInt(3)])
                        + "\r\n\r\n" + body;
                description = "a bad protocol version";
            }
            default -> {
                mutated = withoutLength + "\r\nTransfer-Encoding: " + new String[] {"gzip", "chunked, gzip", "identity"}[random.nextInt(3)]
                        + "\r\n\r\n" + body;
                description = "a transfer coding that does not end in chunked";
            }
        }
        return new FuzzExchange(mutated.getBytes(StandardCharsets.ISO_8859_1), "framing: " + description,
                FuzzExchange.Expectation.REFUSED_AND_CLOSED, false, false);
    }

    /** Random bytes of the head changed, inserted or removed; anything may come of it, but an answer or a close. */
    static FuzzExchange randomFlip(Random random, byte[] request) {
        byte[] bytes = request.clone();
        int headLength = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
        StringBuilder description = new StringBuilder("framing: ");
        for (int count = 1 + random.nextInt(3); count > 0; count--) {
            int at = random.nextInt(headLength);
            int value = random.nextInt(256);
            description.append("byte ").append(at).append(" = ").append(value).append("; ");
            bytes[at] = (byte) value;
        }
        return new FuzzExchange(bytes, description.toString(), FuzzExchange.Expectation.ANY, false, true);
    }

    private static String chunked(String body) {
        return Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
    }
}
