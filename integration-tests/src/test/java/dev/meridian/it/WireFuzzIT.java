package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.testkit.EmbeddedMeridian;
import dev.meridian.wire.model.OperationModel;
import dev.meridian.wire.model.ServiceModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * A structure-aware fuzzer of the wire, driven by the service model: for every operation it sends mostly
 * valid bodies and mutations of them (wrong types, hostile numbers, deep nesting, long strings, unknown
 * members, bad base64, unicode), mutated headers (target, content type, authorization, credential scope)
 * and broken HTTP framing on raw sockets. Invariants:
 * <ul>
 *   <li>no 5xx, and every answer within {@link #ANSWER_BOUND} ({@link #KEY_PAIR_BOUND} for the operations that
 *       can make an RSA key pair of up to 4096 bits on a worker: {@link #KEY_PAIR_OPERATIONS});</li>
 *   <li>every non-2xx answer is JSON with {@code __type};</li>
 *   <li>what must be refused is refused (a member of a wrong type is a {@code SerializationException},
 *       broken framing a 4xx and a closed connection), and a run of such requests leaves the fuzzer's
 *       Region with the same keys and aliases;</li>
 *   <li>the control Region, which no request names, is unchanged at the end;</li>
 *   <li>the server answers a health request after every batch.</li>
 * </ul>
 * Each run has a seed: a fixed one, and one from the clock, printed with any failure together with a
 * reproducer (the raw request, shrunk where it is a JSON body). {@code -Dmeridian.fuzz.seconds=N} sets the
 * time each seed runs (default 12 s), {@code -Dmeridian.fuzz.seed=N} replays a seed; writes touch only keys
 * made for the fuzzer, in a Region of their own.
 */
class WireFuzzIT {
    static final long FIXED_SEED = 0x5EED_0007L;
    /** Generous for a loaded 2-core build machine; a request that hangs never meets it. */
    static final Duration ANSWER_BOUND = Duration.ofSeconds(10);
    static final Duration KEY_PAIR_BOUND = Duration.ofSeconds(30);
    /** The operations that can make an RSA key pair: picked less often, and answered within the longer bound. */
    static final java.util.Set<String> KEY_PAIR_OPERATIONS = java.util.Set.of("GetParametersForImport", "CreateKey",
            "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext");
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("meridian.fuzz.seconds", 12));
    private static final String FUZZ_REGION = HeaderMutations.FUZZ_REGION;
    private static final String REPLICA_REGION = "eu-north-1";
    private static final String CONTROL_REGION = "us-east-1";
    private static final int BATCH = 60;
    private static EmbeddedMeridian server;
    private static KmsTestSupport kms;
    private static FuzzBodies.Targets targets;
    private static String controlSnapshot;
    private static String externalKeyId;
    private final ServiceModel model = ServiceModel.loadDefault();
    private final List<OperationModel> operations = new ArrayList<>(model.operations());

    @BeforeAll
    static void start() {
        server = EmbeddedMeridian.start();
        kms = new KmsTestSupport(server);
        KmsClient fuzz = kms.client(FUZZ_REGION);
        List<String> references = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        for (int index = 0; index < 3; index++) {
            var metadata = fuzz.createKey(request -> request.description("fuzz")).keyMetadata();
            references.add(metadata.keyId());
            references.add(metadata.arn());
            String alias = "alias/fuzz-" + index;
            fuzz.createAlias(request -> request.aliasName(alias).targetKeyId(metadata.keyId()));
            references.add(alias);
            aliases.add(alias);
        }
        var multiRegion = fuzz.createKey(request -> request.multiRegion(true)).keyMetadata();
        references.add(multiRegion.keyId());
        externalKeyId = fuzz.createKey(request -> request.origin(OriginType.EXTERNAL)).keyMetadata().keyId();
        references.add(externalKeyId);
        String ciphertext = java.util.Base64.getEncoder().encodeToString(fuzz.encrypt(request -> request.keyId(references.get(0))
                .plaintext(SdkBytes.fromUtf8String("fuzz"))).ciphertextBlob().asByteArray());
        KmsClient control = kms.client(CONTROL_REGION);
        var controlKey = control.createKey(request -> request.description("control")).keyMetadata();
        control.createAlias(request -> request.aliasName("alias/control").targetKeyId(controlKey.keyId()));
        control.tagResource(request -> request.keyId(controlKey.keyId()).tags(software.amazon.awssdk.services.kms.model.Tag.builder().tagKey("k").tagValue("v").build()));
        control.createGrant(request -> request.keyId(controlKey.keyId()).granteePrincipal("arn:aws:iam::111122223333:role/r")
                .operations(software.amazon.awssdk.services.kms.model.GrantOperation.DECRYPT));
        targets = new FuzzBodies.Targets(List.copyOf(references), List.copyOf(aliases), ciphertext, controlKey.arn(),
                REPLICA_REGION, KmsTestSupport.ACCOUNT);
        controlSnapshot = controlSnapshot();
    }

    @AfterAll
    static void stop() {
        try {
            if (controlSnapshot != null) {
                assertThat(controlSnapshot()).as("the control Region, which no fuzzed request names").isEqualTo(controlSnapshot);
            }
        } finally {
            kms.close(); // and the server
        }
    }

    private static String controlSnapshot() {
        KmsClient control = kms.client(CONTROL_REGION);
        String keyArn = control.listKeys().keys().get(0).keyArn();
        return control.listKeys() + "\n" + control.listAliases() + "\n" + control.describeKey(request -> request.keyId(keyArn))
                + "\n" + control.getKeyPolicy(request -> request.keyId(keyArn)).policy() + "\n"
                + control.listResourceTags(request -> request.keyId(keyArn)) + "\n" + control.listGrants(request -> request.keyId(keyArn));
    }

    /** The fixed seed, or {@code -Dmeridian.fuzz.seed=N} to replay the run a failure printed. */
    @Test
    void withTheFixedSeed() {
        fuzz(Long.getLong("meridian.fuzz.seed", FIXED_SEED));
    }

    @Test
    void withASeedFromTheClock() {
        fuzz(System.nanoTime() ^ System.currentTimeMillis());
    }

    private void fuzz(long seed) {
        Random random = new Random(seed);
        FuzzBodies bodies = new FuzzBodies(random, targets);
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int sent = 0;
        List<String> accepted = new ArrayList<>();
        RawHttp connection = null;
        try {
            for (int batch = 0; System.nanoTime() < deadline; batch++) {
                boolean refusalsOnly = batch % 3 == 0;
                String before = refusalsOnly ? fuzzRegionState() : null;
                for (int index = 0; index < BATCH && System.nanoTime() < deadline; index++, sent++) {
                    FuzzExchange exchange = refusalsOnly ? refusal(random, bodies) : anything(random, bodies);
                    if (exchange == null) {
                        continue;
                    }
                    boolean fresh = exchange.halfClose() || exchange.expectation() == FuzzExchange.Expectation.REFUSED_AND_CLOSED;
                    if (fresh || connection == null) {
                        if (connection != null && fresh) {
                            connection.close();
                        }
                        connection = new RawHttp(server.endpoint(), KEY_PAIR_BOUND);
                    }
                    String failure = check(connection, exchange);
                    if (failure != null) {
                        throw new AssertionError(report(seed, sent, exchange, failure) + history(accepted, exchange));
                    }
                    if (connection.lastStatus() / 100 == 2 && accepted.size() < 20_000) {
                        accepted.add(FuzzBodies.abbreviate(exchange.description()) + " <- " + bodyOf(exchange));
                    }
                    if (fresh || connection.closing()) {
                        connection.close();
                        connection = null;
                    }
                }
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
                assertHealthy(seed, sent);
                if (refusalsOnly) {
                    assertThat(fuzzRegionState()).as("keys and aliases of the fuzz Region after refused requests only (seed %d)", seed)
                            .isEqualTo(before);
                }
            }
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
        System.out.println("WireFuzzIT: seed " + seed + ", " + sent + " requests, no failure");
    }

    /** An operation to fuzz, GetParametersForImport and the data key pairs less often than the others. */
    private OperationModel operation(Random random) {
        OperationModel operation = operations.get(random.nextInt(operations.size()));
        while (KEY_PAIR_OPERATIONS.contains(operation.name()) && !operation.name().equals("CreateKey")
                && random.nextInt(10) > 0) {
            operation = operations.get(random.nextInt(operations.size())); // RSA key pairs cost a worker up to a second
        }
        return operation;
    }

    private static byte[] post(OperationModel operation, String body) {
        return HeaderMutations.post("TrentService." + operation.name(), body);
    }

    /** Any mutation: bodies (mostly), headers, framing, CloudTrail. */
    private FuzzExchange anything(Random random, FuzzBodies bodies) {
        OperationModel operation = operation(random);
        int kind = random.nextInt(20);
        if (kind < 4) {
            return new FuzzExchange(post(operation, bodies.valid(operation).toString()),
                    "valid-ish " + operation.name(), FuzzExchange.Expectation.ANY, false, false);
        }
        if (kind < 12) {
            FuzzBodies.Body body = bodies.mutated(operation);
            return new FuzzExchange(post(operation, body.text()), operation.name() + ": " + body.description(),
                    FuzzExchange.Expectation.ANY, false, false);
        }
        if (kind < 15) {
            return HeaderMutations.mutated(random, operation.name(), bodies.valid(operation).toString(), false);
        }
        if (kind < 16) {
            return HeaderMutations.cloudTrail(random);
        }
        if (kind < 18) {
            return FramingMutations.broken(random, post(operation, bodies.valid(operation).toString()));
        }
        return FramingMutations.randomFlip(random, post(operation, bodies.valid(operation).toString()));
    }

    /** Only what must be refused, so the fuzz Region's keys and aliases must not change. */
    private FuzzExchange refusal(Random random, FuzzBodies bodies) {
        OperationModel operation = operation(random);
        int kind = random.nextInt(10);
        if (kind < 6) {
            FuzzBodies.Body body = bodies.mustBeRefused(operation);
            return body == null ? null : new FuzzExchange(post(operation, body.text()),
                    operation.name() + ": " + body.description(), FuzzExchange.Expectation.SERIALIZATION_ERROR, false, false);
        }
        if (kind < 8) {
            return HeaderMutations.mutated(random, operation.name(), bodies.valid(operation).toString(), true);
        }
        return FramingMutations.broken(random, post(operation, bodies.valid(operation).toString()));
    }

    /** Sends one exchange and checks its answer; the failure, or null. */
    private static String check(RawHttp connection, FuzzExchange exchange) {
        RawHttp.Response response;
        String head = new String(exchange.bytes(), StandardCharsets.ISO_8859_1);
        Duration bound = KEY_PAIR_OPERATIONS.stream().anyMatch(name -> head.contains("TrentService." + name))
                ? KEY_PAIR_BOUND : ANSWER_BOUND;
        long start = System.nanoTime();
        try {
            connection.send(exchange.bytes());
            if (exchange.halfClose()) {
                connection.shutdownOutput();
            }
            response = connection.readFinal();
        } catch (RawHttp.NoAnswer e) {
            if (exchange.halfClose() && e.getMessage().startsWith("The server closed")) {
                return null; // an incomplete request, ended by the client: closing is the answer
            }
            return e.getMessage();
        } catch (java.io.UncheckedIOException e) {
            return exchange.halfClose() ? null : "The connection failed: " + e.getCause();
        }
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        if (millis > bound.toMillis()) {
            return "Answered in " + millis + " ms, over the bound of " + bound.toMillis() + " ms";
        }
        if (response.status() >= 500) {
            return "A " + response.status() + " answer";
        }
        JsonNode body = response.json();
        if (response.status() >= 300 && !exchange.head()) {
            if (body == null || !body.isObject() || !body.path("__type").isTextual()) {
                return "A non-2xx answer without a JSON __type";
            }
        }
        if (response.status() < 300 && (body == null || !body.isObject())) {
            return "A 2xx answer whose body is not a JSON object";
        }
        return switch (exchange.expectation()) {
            case ANY -> null;
            case SERIALIZATION_ERROR -> response.status() == 400 && body.path("__type").asText().equals("SerializationException")
                    ? null : "Not refused with a SerializationException";
            case REFUSED -> response.status() >= 400 ? null : "Not refused";
            case REFUSED_AND_CLOSED -> response.status() < 400 ? "Not refused"
                    : connection.closedByServer() ? null : "Refused but the connection stays open";
        };
    }

    private static void assertHealthy(long seed, int sent) {
        try (RawHttp health = new RawHttp(server.endpoint(), ANSWER_BOUND)) {
            RawHttp.Response response = health.send(HeaderMutations.post("TrentService.GenerateRandom", "{\"NumberOfBytes\":8}")).read();
            assertThat(response.status()).as("health after %d requests (seed %d): %s", sent, seed, response).isEqualTo(200);
        }
    }

    /** The fuzz Region's key and alias lists. */
    private static String fuzzRegionState() {
        KmsClient fuzz = kms.client(FUZZ_REGION);
        List<String> keys = new ArrayList<>();
        fuzz.listKeysPaginator(request -> request.limit(1000)).keys().forEach(key -> keys.add(key.keyId()));
        List<String> aliases = new ArrayList<>();
        fuzz.listAliasesPaginator(request -> request.limit(100)).aliases().forEach(alias -> aliases.add(alias.aliasName()));
        return keys.size() + " keys " + keys.hashCode() + ", aliases " + aliases;
    }

    /** The failure, the seed and the reproducer; a JSON body is shrunk to the members the failure needs. */
    private static String report(long seed, int sent, FuzzExchange exchange, String failure) {
        FuzzExchange shrunk = shrink(exchange, failure);
        return failure + " after " + sent + " requests with seed " + seed + "\nreplay: mvn -B -pl server test -Dtest='WireFuzzIT#withTheFixedSeed' -Dmeridian.fuzz.seed=" + seed + "\n"
                + "what: " + (exchange.description().length() <= 400 ? exchange.description()
                        : exchange.description().substring(0, 400) + "...") + "\n"
                + "reproducer (printf '%b' ... | nc 127.0.0.1 <port>):\n" + printable(shrunk.bytes());
    }

    /** The accepted requests that named a key the failing one names: the state a stateful failure needs. */
    private static String history(List<String> accepted, FuzzExchange exchange) {
        String failing = new String(exchange.bytes(), StandardCharsets.ISO_8859_1);
        List<String> keys = targets.keyReferences().stream().filter(reference -> !reference.startsWith("arn:")
                && !reference.startsWith("alias/") && failing.contains(reference)).toList();
        if (keys.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("\naccepted before it, naming " + keys + ":\n");
        accepted.stream().filter(line -> keys.stream().anyMatch(line::contains)).forEach(line -> text.append("  ").append(line).append('\n'));
        return text.toString();
    }

    private static String bodyOf(FuzzExchange exchange) {
        String text = new String(exchange.bytes(), StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        return split < 0 ? "" : FuzzBodies.abbreviate(text.substring(split + 4));
    }

    private static FuzzExchange shrink(FuzzExchange exchange, String failure) {
        String text = new String(exchange.bytes(), StandardCharsets.ISO_8859_1);
        int split = text.indexOf("\r\n\r\n");
        if (split < 0 || exchange.halfClose()) {
            return exchange;
        }
        String head = text.substring(0, split + 4);
        byte[] body = Arrays.copyOfRange(exchange.bytes(), split + 4, exchange.bytes().length);
        JsonNode json;
        try {
            json = EXACT_JSON.readTree(body);
        } catch (java.io.IOException | RuntimeException e) {
            return exchange;
        }
        if (json == null || !json.isObject() || !failure.equals(resend(head, json, exchange))) {
            return exchange; // not JSON as written, or the failure does not come again
        }
        var current = (com.fasterxml.jackson.databind.node.ObjectNode) json.deepCopy();
        for (String name : iterable(json::fieldNames)) {
            var candidate = current.deepCopy();
            candidate.remove(name);
            if (failure.equals(resend(head, candidate, exchange))) {
                current = candidate;
            }
        }
        return new FuzzExchange(withBody(head, current.toString()), exchange.description(), exchange.expectation(), exchange.head(), false);
    }

    /** Numbers kept as written ({@code 1e309} stays a number), so a shrunk body fails as the original did. */
    private static final com.fasterxml.jackson.databind.ObjectMapper EXACT_JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    private static String resend(String head, JsonNode body, FuzzExchange exchange) {
        try (RawHttp connection = new RawHttp(server.endpoint(), KEY_PAIR_BOUND)) {
            return check(connection, new FuzzExchange(withBody(head, body.toString()), exchange.description(), exchange.expectation(),
                    exchange.head(), false));
        }
    }

    private static <T> Iterable<T> iterable(Supplier<java.util.Iterator<T>> iterator) {
        List<T> items = new ArrayList<>();
        iterator.get().forEachRemaining(items::add);
        return items;
    }

    private static byte[] withBody(String head, String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String fixed = head.replaceFirst("(?i)Content-Length: \\d+", "Content-Length: " + content.length);
        return RawHttp.concat(fixed.getBytes(StandardCharsets.ISO_8859_1), content);
    }

    static String printable(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte value : bytes) {
            int unsigned = value & 0xff;
            if (unsigned == '\r') {
                text.append("\\r");
            } else if (unsigned == '\n') {
                text.append("\\n");
            } else if (unsigned == '\\') {
                text.append("\\\\");
            } else if (unsigned == '\'') {
                text.append("\\x27");
            } else if (unsigned < 0x20 || unsigned >= 0x7f) {
                text.append(String.format("\\x%02x", unsigned));
            } else {
                text.append((char) unsigned);
            }
        }
        return text.length() <= 4000 ? text.toString() : text.substring(0, 4000) + "...(" + bytes.length + " bytes)";
    }
}
