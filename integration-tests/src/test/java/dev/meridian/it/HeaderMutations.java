package dev.meridian.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Requests of the wire fuzzer with their headers changed (target, content type, authorization, credential
 * scope, duplicated or odd headers), CloudTrail's LookupEvents with odd members, and the well-formed POST
 * they start from, signed-looking for the fuzzer's Region. Stateless; every choice comes from the given
 * {@link Random}.
 */
final class HeaderMutations {
    static final String FUZZ_REGION = "eu-west-3";
    private static final String CLOUDTRAIL_TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";

    private HeaderMutations() {
    }

    /** Headers changed; with {@code refusedOnly}, only changes that must make the request refused. */
    static FuzzExchange mutated(Random random, String operation, String body, boolean refusedOnly) {
        String target = "TrentService." + operation;
        String authorization = authorization(FUZZ_REGION, "kms");
        String contentType = WireHttp.CONTENT_TYPE;
        List<String> extra = new ArrayList<>();
        String description;
        int kind = random.nextInt(refusedOnly ? 5 : 9);
        switch (kind) {
            case 0 -> {
                target = new String[] {null, "", "TrentService.", "TrentService." + operation.toLowerCase(),
                    "Other." + operation, target + " x", "TrentService.Nope", "TrentService." + "A".repeat(3000),
                    CLOUDTRAIL_TARGET.substring(0, 20)}[random.nextInt(9)];
                description = "target " + target;
            }
            case 1 -> {
                authorization = new String[] {null, "", "AWS4-HMAC-SHA256", "Bearer x", "AWS4-HMAC-SHA256 Credential",
                    "AWS4-HMAC-SHA256 Credential=a/b/c, SignedHeaders=host, Signature=0",
                    authorization(FUZZ_REGION, "s3"), authorization("", "kms"), authorization("EU-WEST-3", "kms"),
                    authorization("x".repeat(500), "kms"), authorization("\u00e9u-west-3", "kms"),
                    authorization(FUZZ_REGION, "kms").replace("/aws4_request", "")}[random.nextInt(12)];
                description = "authorization " + authorization;
            }
            case 2 -> {
                extra.add("Authorization: " + authorization(FUZZ_REGION, "kms"));
                authorization = authorization(FUZZ_REGION, "kms").replace(",", ";");
                description = "two authorizations";
            }
            case 3 -> {
                target = CLOUDTRAIL_TARGET + operation;
                authorization = authorization(FUZZ_REGION, "cloudtrail");
                description = "a KMS operation sent as CloudTrail's";
            }
            case 4 -> {
                authorization = "AWS4-HMAC-SHA256 Credential=AKID/20260101/" + FUZZ_REGION + "/kms/aws4_request, SignedHeaders="
                        + "h;".repeat(2000) + ", Signature=00";
                description = "authorization of 7 KiB without X-Amz-Date";
                extra.add("X-Amz-Date-Missing: 1");
            }
            case 5 -> {
                contentType = new String[] {null, "", "text/plain", "application/json", "application/x-amz-json-1.0",
                    "application/x-amz-json-1.1; charset=utf-16", "\u00ff"}[random.nextInt(7)];
                description = "content type " + contentType;
            }
            case 6 -> {
                extra.add("X-Amz-Target: TrentService.CreateKey");
                description = "two targets";
            }
            case 7 -> {
                extra.add(new String[] {"Connection: close", "Connection: upgrade", "Upgrade: h2c", "Content-Encoding: gzip",
                    "Accept-Encoding: gzip", "X-Amz-Security-Token: " + "t".repeat(2000), "Transfer-Encoding: identity"}[random.nextInt(7)]);
                description = "header " + extra.get(0);
            }
            default -> {
                extra.add("X-Junk-\u00e9: \u00ff\u00fe");
                description = "latin-1 header";
            }
        }
        StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\nHost: localhost\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (!(kind == 4)) {
            head.append("X-Amz-Date: 20260101T000000Z\r\n");
        }
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (target != null) {
            head.append("X-Amz-Target: ").append(target).append("\r\n");
        }
        extra.forEach(line -> head.append(line).append("\r\n"));
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
        FuzzExchange.Expectation expectation = refusedOnly ? FuzzExchange.Expectation.REFUSED : FuzzExchange.Expectation.ANY;
        return new FuzzExchange(RawHttp.concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), content),
                operation + ": " + FuzzBodies.abbreviate(description), expectation, false, false);
    }

    static FuzzExchange cloudTrail(Random random) {
        String[] values = {"null", "1", "-1", "1e309", "1e100000000", "-1e309", "\"x\"", "[]", "{}", "true", "50", "51", "1.5", "[{}]",
            "[{\"AttributeKey\":\"EventName\",\"AttributeValue\":\"Encrypt\"}]", "[{\"AttributeKey\":\"Nope\",\"AttributeValue\":\"\"}]",
            "\"" + "A".repeat(3000) + "\"", "\"insight\""};
        StringBuilder body = new StringBuilder("{");
        for (String member : new String[] {"LookupAttributes", "StartTime", "EndTime", "MaxResults", "NextToken", "EventCategory"}) {
            if (random.nextBoolean()) {
                String value = values[random.nextInt(values.length)];
                body.append(body.length() > 1 ? "," : "").append('"').append(member).append("\":").append(value);
            }
        }
        body.append('}');
        String operation = random.nextInt(5) == 0 ? "CreateTrail" : "LookupEvents";
        byte[] content = body.toString().getBytes(StandardCharsets.UTF_8);
        String head = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + WireHttp.CONTENT_TYPE
                + "\r\nX-Amz-Date: 20260101T000000Z\r\nAuthorization: " + authorization(FUZZ_REGION, "cloudtrail")
                + "\r\nX-Amz-Target: " + CLOUDTRAIL_TARGET + operation + "\r\nContent-Length: " + content.length + "\r\n\r\n";
        return new FuzzExchange(RawHttp.concat(RawHttp.ascii(head), content), operation + " " + body, FuzzExchange.Expectation.ANY, false, false);
    }

    static String authorization(String region, String service) {
        return "AWS4-HMAC-SHA256 Credential=AKIDFUZZ/20260101/" + region + "/" + service + "/aws4_request,"
                + " SignedHeaders=host;x-amz-date, Signature=00";
    }

    static byte[] post(String target, String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + WireHttp.CONTENT_TYPE
                + "\r\nX-Amz-Date: 20260101T000000Z\r\nAuthorization: " + authorization(FUZZ_REGION, "kms")
                + "\r\nX-Amz-Target: " + target + "\r\nContent-Length: " + content.length + "\r\n\r\n";
        return RawHttp.concat(RawHttp.ascii(head), content);
    }
}
