package dev.meridian.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.wire.model.OperationModel;
import dev.meridian.wire.model.Shape;
import dev.meridian.wire.model.ShapeMember;
import dev.meridian.wire.model.ShapeType;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Request bodies for the wire fuzzer, made from the service model's shapes: a mostly valid body for an
 * operation (members, enums, lengths and ranges as the model gives them; keys, aliases and ciphertexts the
 * fuzzer owns), and mutations of it. Hostile values that JSON nodes cannot hold (numbers like
 * {@code 1e100000000}, lone surrogates, deep nesting) are spliced into the text as written. Not thread-safe;
 * every choice comes from the one {@link Random}, so a seed reproduces a run.
 */
final class FuzzBodies {
    /** What the fuzzer may name: keys and aliases of its own Region, and one key it must never change. */
    record Targets(List<String> keyReferences, List<String> aliasNames, String ciphertext, String controlKeyArn,
            String replicaRegion, String account) {
    }

    /** A body to send, what was done to it, and whether it must be refused with a SerializationException. */
    record Body(String text, String description, boolean mustBeSerializationError) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] HOSTILE_NUMBERS = {"1e309", "-1e309", "1e100000000", "1E-400", "2147483648",
        "-2147483649", "9223372036854775808", "-9223372036854775809", "1.5", "-0.0", "0", "-1", "1" + "0".repeat(150),
        "0.000000000000000000000000000001", "4294967296.5"};
    private static final String[] HOSTILE_STRINGS = {"", " ", "\u0000", "\\ud800", "\\udc00\\ud800", "\ud83d\udd11",
        "\u202e\u0631\u0645\u0632", "\uffff", "\u00e9\u00e8", "alias/aws/s3", "alias/", "arn:aws:kms:", "mrk-", "../../etc/passwd",
        "%s%n", "${jndi:ldap://x}", "<script>", "\\\"", "null", "NaN"};
    private static final String[] BAD_BASE64 = {"abc", "ab$=", "A===", "====", "AB==", "A", "YQ", "\u00e9\u00e9\u00e9\u00e9"};
    private static final String WORD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
    private final Random random;
    private final Targets targets;

    FuzzBodies(Random random, Targets targets) {
        this.random = random;
        this.targets = targets;
    }

    /** A body that respects the model as far as the fuzzer knows how (patterns are not always met). */
    ObjectNode valid(OperationModel operation) {
        return structure(operation.inputShape(), 0);
    }

    /** One to three hostile changes to a valid body; any answer but a 5xx or no answer is acceptable. */
    Body mutated(OperationModel operation) {
        ObjectNode body = valid(operation);
        List<String> raw = new ArrayList<>();
        StringBuilder description = new StringBuilder();
        int changes = 1 + random.nextInt(3);
        for (int change = 0; change < changes; change++) {
            List<Slot> slots = slots(operation.inputShape(), body, "$");
            int kind = random.nextInt(10);
            if (kind < 5 && !slots.isEmpty()) {
                Slot slot = slots.get(random.nextInt(slots.size()));
                String value = hostileValue(slot);
                slot.set(splice(raw, value));
                description.append(slot.path).append(" = ").append(abbreviate(value)).append("; ");
            } else if (kind < 7) {
                String name = random.nextBoolean() ? randomWord(1 + random.nextInt(20)) : "__proto__";
                String value = random.nextBoolean() ? deepNesting(1 + random.nextInt(80)) : hostileString();
                body.set(name, splice(raw, value));
                description.append("unknown member ").append(name).append("; ");
            } else if (kind < 8 && body.size() > 0) {
                String name = body.fieldNames().next();
                body.remove(name);
                description.append("without ").append(name).append("; ");
            } else {
                description.append("big array of ").append(1000).append("; ");
                ArrayNode array = NODES.arrayNode();
                for (int index = 0; index < 1000; index++) {
                    array.add(index);
                }
                body.set(randomWord(5), array);
            }
        }
        String text = render(body, raw);
        if (random.nextInt(8) == 0) {
            text = textMutation(text);
            description.append("text mutation; ");
        }
        return new Body(text, description.toString(), false);
    }

    /**
     * A member of a wrong JSON type, invalid base64 or a whole number out of its type's range, somewhere in
     * a valid body: AWS reads the whole body first, so this is a SerializationException whatever else the body
     * holds, and nothing is done.
     */
    Body mustBeRefused(OperationModel operation) {
        ObjectNode body = valid(operation);
        List<Slot> slots = slots(operation.inputShape(), body, "$");
        if (slots.isEmpty()) {
            return null;
        }
        Slot slot = slots.get(random.nextInt(slots.size()));
        List<String> raw = new ArrayList<>();
        String value = wrongValue(slot);
        slot.set(splice(raw, value));
        return new Body(render(body, raw), slot.path + " = " + abbreviate(value), true);
    }

    private String wrongValue(Slot slot) {
        ShapeType type = slot.shape.type();
        List<String> choices = new ArrayList<>(List.of("{}", "[]", "true"));
        switch (type) {
            case STRING -> choices.addAll(List.of("5", "-1.5e3"));
            case BLOB -> choices.addAll(List.of("5", quoted(BAD_BASE64[random.nextInt(BAD_BASE64.length)]),
                    quoted(BAD_BASE64[random.nextInt(BAD_BASE64.length)])));
            case INTEGER, LONG -> {
                choices.addAll(List.of("\"7\"", type == ShapeType.INTEGER ? "2147483648" : "9223372036854775808",
                        "-9223372036854775809", "1e10" + (type == ShapeType.LONG ? "0" : ""), "1" + "0".repeat(150)));
                if (type == ShapeType.INTEGER) {
                    choices.add("-2147483649");
                }
            }
            case BOOLEAN -> choices.addAll(List.of("\"true\"", "1", "0"));
            case TIMESTAMP -> choices.remove("true");
            case LIST -> choices.addAll(List.of("\"x\"", "5"));
            case MAP, STRUCTURE -> choices.addAll(List.of("\"x\"", "5"));
            default -> { }
        }
        if (type == ShapeType.LIST) {
            choices.remove("[]");
        }
        if (type == ShapeType.MAP || type == ShapeType.STRUCTURE) {
            choices.remove("{}");
        }
        if (type == ShapeType.BOOLEAN) {
            choices.remove("true");
        }
        if (type == ShapeType.TIMESTAMP) {
            choices.add("true");
            choices.add("false");
        }
        return choices.get(random.nextInt(choices.size()));
    }

    private String hostileValue(Slot slot) {
        int kind = random.nextInt(6);
        return switch (kind) {
            case 0 -> hostileString();
            case 1 -> deepNesting(1 + random.nextInt(80));
            case 2 -> quoted(BAD_BASE64[random.nextInt(BAD_BASE64.length)]);
            case 3 -> new String[] {"true", "{}", "[]", "[null]", "{\"a\":null}", "null", quoted("x".repeat(70_000))}[random.nextInt(7)];
            case 4 -> HOSTILE_NUMBERS[random.nextInt(HOSTILE_NUMBERS.length)];
            default -> quoted(HOSTILE_NUMBERS[random.nextInt(HOSTILE_NUMBERS.length)]);
        };
    }

    private String hostileString() {
        String value = HOSTILE_STRINGS[random.nextInt(HOSTILE_STRINGS.length)];
        if (value.startsWith("\\u") || value.equals("\\\"")) {
            return "\"" + value + "\""; // already escaped JSON
        }
        return quoted(value);
    }

    private String deepNesting(int depth) {
        boolean arrays = random.nextBoolean();
        return arrays ? "[".repeat(depth) + "1" + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    private String textMutation(String text) {
        return switch (random.nextInt(8)) {
            case 0 -> text.substring(0, random.nextInt(Math.max(1, text.length())));
            case 1 -> text + "}";
            case 2 -> "\ufeff" + text;
            case 3 -> text.replaceFirst("\\{", "{/*c*/");
            case 4 -> text.replace('"', '\'');
            case 5 -> text.replaceFirst(":", ":NaN,\"x\":");
            case 6 -> text.replaceFirst("\\{", "{\"KeyId\":1,");
            default -> {
                int at = random.nextInt(Math.max(1, text.length()));
                yield text.substring(0, at) + (char) random.nextInt(0x100) + text.substring(at);
            }
        };
    }

    private ObjectNode structure(Shape shape, int depth) {
        ObjectNode object = NODES.objectNode();
        for (ShapeMember member : shape.members()) {
            if (member.required() || (depth < 3 && random.nextInt(3) == 0)) {
                object.set(member.name(), value(member.target(), member.name(), depth + 1));
            }
        }
        return object;
    }

    private JsonNode value(Shape shape, String memberName, int depth) {
        return switch (shape.type()) {
            case STRING -> NODES.textNode(string(shape, memberName));
            case BLOB -> NODES.textNode(blob(shape, memberName));
            case INTEGER, LONG -> NODES.numberNode(number(shape));
            case BOOLEAN -> NODES.booleanNode(random.nextBoolean());
            case TIMESTAMP -> NODES.numberNode(System.currentTimeMillis() / 1000 + 86_400L * (1 + random.nextInt(300)));
            case LIST -> {
                ArrayNode array = NODES.arrayNode();
                long count = Math.max(shape.minimum().orElse(0), random.nextInt(3));
                for (int index = 0; index < count && depth < 5; index++) {
                    array.add(value(shape.listMember().orElseThrow(), memberName, depth + 1));
                }
                yield array;
            }
            case MAP -> {
                ObjectNode map = NODES.objectNode();
                for (int index = random.nextInt(3); index > 0 && depth < 5; index--) {
                    map.set(string(shape.mapKey().orElseThrow(), "Key"), value(shape.mapValue().orElseThrow(), memberName, depth + 1));
                }
                yield map;
            }
            case STRUCTURE -> structure(shape, depth);
        };
    }

    private String string(Shape shape, String memberName) {
        if (shape.name().equals("WrappingKeySpec") && random.nextInt(5) > 0) {
            return "RSA_2048"; // the cheapest key pair to make; the others cost a worker up to seconds
        }
        if (!shape.enumValues().isEmpty()) {
            String value = shape.enumValues().get(random.nextInt(shape.enumValues().size()));
            if ((value.equals("RSA_3072") || value.equals("RSA_4096")) && random.nextInt(5) > 0) {
                return "RSA_2048"; // a key spec or data key pair spec: larger RSA pairs cost a worker seconds
            }
            return value;
        }
        String name = shape.name();
        if (name.equals("KeyIdType")) {
            int choice = random.nextInt(10);
            return choice == 0 ? targets.controlKeyArn() : choice == 1 ? randomWord(12)
                    : targets.keyReferences().get(random.nextInt(targets.keyReferences().size()));
        }
        if (name.equals("AliasNameType")) {
            return random.nextBoolean() ? targets.aliasNames().get(random.nextInt(targets.aliasNames().size()))
                    : "alias/fuzz-" + randomWord(8);
        }
        if (name.equals("RegionType")) {
            return random.nextInt(4) == 0 ? randomWord(6) : targets.replicaRegion();
        }
        if (name.equals("PolicyType")) {
            return random.nextInt(3) == 0 ? randomWord(20) : "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + targets.account() + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
        }
        if (name.equals("PolicyNameType")) {
            return random.nextInt(4) == 0 ? randomWord(8) : "default";
        }
        if (name.equals("PrincipalIdType")) {
            return "arn:aws:iam::" + targets.account() + ":role/fuzz-" + randomWord(6);
        }
        if (name.equals("AccountIdType")) {
            return targets.account();
        }
        long minimum = shape.minimum().orElse(0);
        long maximum = Math.min(shape.maximum().orElse(40), Math.max(minimum, 40));
        return randomWord((int) (minimum + random.nextInt((int) (maximum - minimum) + 1)));
    }

    private String blob(Shape shape, String memberName) {
        if (memberName.equals("CiphertextBlob") && random.nextInt(3) > 0) {
            return targets.ciphertext();
        }
        long minimum = Math.max(1, shape.minimum().orElse(1));
        long maximum = Math.min(shape.maximum().orElse(64), 64);
        byte[] bytes = new byte[(int) (minimum + random.nextInt((int) Math.max(1, maximum - minimum + 1)))];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private long number(Shape shape) {
        long minimum = shape.minimum().orElse(0);
        long maximum = Math.min(shape.maximum().orElse(1000), minimum + 1000);
        return minimum + (long) random.nextInt((int) (maximum - minimum) + 1);
    }

    private String randomWord(int length) {
        StringBuilder word = new StringBuilder(length);
        for (int index = 0; index < length; index++) {
            word.append(WORD.charAt(random.nextInt(WORD.length())));
        }
        return word.toString();
    }

    /** A place in a body that holds a value of a known shape. */
    private static final class Slot {
        final JsonNode parent;
        final String field;
        final int index;
        final Shape shape;
        final String memberName;
        final String path;

        Slot(JsonNode parent, String field, int index, Shape shape, String memberName, String path) {
            this.parent = parent;
            this.field = field;
            this.index = index;
            this.shape = shape;
            this.memberName = memberName;
            this.path = path;
        }

        void set(JsonNode value) {
            if (field != null) {
                ((ObjectNode) parent).set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }
    }

    private static List<Slot> slots(Shape shape, ObjectNode body, String path) {
        List<Slot> slots = new ArrayList<>();
        for (ShapeMember member : shape.members()) {
            JsonNode value = body.get(member.name());
            slots.add(new Slot(body, member.name(), -1, member.target(), member.name(), path + "." + member.name()));
            if (value != null) {
                nested(member.target(), value, member.name(), path + "." + member.name(), slots);
            }
        }
        return slots;
    }

    private static void nested(Shape shape, JsonNode value, String memberName, String path, List<Slot> slots) {
        if (shape.type() == ShapeType.STRUCTURE && value.isObject()) {
            slots.addAll(slots(shape, (ObjectNode) value, path));
        } else if (shape.type() == ShapeType.LIST && value.isArray()) {
            Shape element = shape.listMember().orElseThrow();
            for (int index = 0; index < value.size(); index++) {
                slots.add(new Slot(value, null, index, element, memberName, path + "[" + index + "]"));
                nested(element, value.get(index), memberName, path + "[" + index + "]", slots);
            }
        } else if (shape.type() == ShapeType.MAP && value.isObject()) {
            Shape valueShape = shape.mapValue().orElseThrow();
            List<String> names = new ArrayList<>();
            value.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                slots.add(new Slot(value, name, -1, valueShape, memberName, path + "." + name));
            }
        }
    }

    /** A placeholder node for raw JSON text, replaced when the body is rendered. */
    private static JsonNode splice(List<String> raw, String value) {
        raw.add(value);
        return NODES.textNode("@@RAW" + (raw.size() - 1) + "@@");
    }

    private static String render(ObjectNode body, List<String> raw) {
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        for (int index = 0; index < raw.size(); index++) {
            text = text.replace("\"@@RAW" + index + "@@\"", raw.get(index));
        }
        return text;
    }

    private static String quoted(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 180) + "...(" + text.length() + " chars)";
    }
}
