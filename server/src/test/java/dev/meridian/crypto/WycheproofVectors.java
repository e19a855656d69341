package dev.meridian.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * A Project Wycheproof test-vector file ({@code testvectors_v1} schema), read from the test resources
 * ({@code /wycheproof/<name>}, see the README there): groups that hold the shared parameters (key, sizes), each
 * with its vectors. Checks on load that the file holds as many vectors as it says. Immutable.
 */
record WycheproofVectors(String fileName, String algorithm, List<Group> groups) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    /** What a vector's input is: {@code valid}, {@code invalid}, or {@code acceptable} (either answer is right). */
    enum Result {
        VALID, INVALID, ACCEPTABLE
    }

    /** One test group: its JSON object as in the file (parameters and tests), and its vectors. */
    record Group(JsonNode parameters, List<Vector> vectors) {
    }

    /** One vector, with the parameters of its group ({@code groupHex}, {@code groupInt}, {@code groupText}). */
    record Vector(JsonNode groupParameters, int tcId, String comment, Result result, Set<String> flags,
            JsonNode fields) {
        byte[] hex(String name) {
            return HEX.parseHex(required(fields, name).asText());
        }

        String text(String name) {
            return required(fields, name).asText();
        }

        byte[] groupHex(String name) {
            return HEX.parseHex(required(groupParameters, name).asText());
        }

        int groupInt(String name) {
            return required(groupParameters, name).asInt();
        }

        String groupText(String name) {
            return required(groupParameters, name).asText();
        }

        int intValue(String name) {
            return required(fields, name).asInt();
        }

        /** What a dynamic test is called: the tcId, the result, the comment and the flags. */
        String displayName() {
            return "tcId " + tcId + " " + result.name().toLowerCase(java.util.Locale.ROOT)
                    + (comment.isEmpty() ? "" : ": " + comment) + " " + flags;
        }
    }

    static WycheproofVectors load(String fileName) {
        String resource = "/wycheproof/" + fileName;
        JsonNode root;
        try (InputStream in = WycheproofVectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No test resource " + resource);
            }
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Group> groups = new ArrayList<>();
        int count = 0;
        for (JsonNode groupNode : required(root, "testGroups")) {
            List<Vector> vectors = new ArrayList<>();
            for (JsonNode test : required(groupNode, "tests")) {
                Set<String> flags = new LinkedHashSet<>();
                required(test, "flags").forEach(flag -> flags.add(flag.asText()));
                vectors.add(new Vector(groupNode, required(test, "tcId").asInt(), required(test, "comment").asText(),
                        Result.valueOf(required(test, "result").asText().toUpperCase(java.util.Locale.ROOT)),
                        Set.copyOf(flags), test));
                count++;
            }
            groups.add(new Group(groupNode, List.copyOf(vectors)));
        }
        int announced = required(root, "numberOfTests").asInt();
        if (count != announced) {
            throw new IllegalStateException(fileName + " announces " + announced + " vectors but holds " + count);
        }
        return new WycheproofVectors(fileName, required(root, "algorithm").asText(), List.copyOf(groups));
    }

    Stream<Vector> vectors() {
        return groups.stream().flatMap(group -> group.vectors().stream());
    }

    /**
     * One dynamic test per vector that {@code selected} keeps, named by {@link Vector#displayName()}; its failure
     * names the file and the vector too, for reports that show only the test's index. Fails when the selection is
     * empty (a renamed field would otherwise pass silently).
     */
    Stream<DynamicTest> tests(Predicate<Vector> selected, ThrowingConsumer<Vector> check) {
        List<Vector> chosen = vectors().filter(selected).toList();
        if (chosen.isEmpty()) {
            throw new IllegalStateException("No vector of " + fileName + " is selected");
        }
        return chosen.stream().map(vector -> DynamicTest.dynamicTest(vector.displayName(), () -> {
            try {
                check.accept(vector);
            } catch (Throwable failure) {
                throw new AssertionError(fileName + " " + vector.displayName() + ": " + failure, failure);
            }
        }));
    }

    /**
     * The failure for an {@code acceptable} vector (either answer is right) where a test has not decided, for its
     * flags, what Meridian must answer: the files in use have none, so a new one in an updated file fails loudly
     * until someone decides.
     */
    static AssertionError undecided(Vector vector) {
        return new AssertionError("An acceptable vector, flags " + vector.flags()
                + ": decide whether Meridian must accept or refuse it");
    }

    private static JsonNode required(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalStateException("A Wycheproof entry has no \"" + name + "\"");
        }
        return value;
    }
}
