package dev.meridian.wire.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a botocore model document into a {@link ServiceModel}. Shapes are resolved depth first, so that every
 * {@link Shape} receives its already built member shapes and stays immutable; a recursive shape is rejected,
 * which the KMS model does not have.
 *
 * <p>One loader object serves one load on one thread.
 */
final class ServiceModelLoader {

    private final JsonNode shapeDefinitions;
    private final Map<String, Shape> resolved = new HashMap<>();
    private final Set<String> inProgress = new HashSet<>();

    private ServiceModelLoader(JsonNode shapeDefinitions) {
        this.shapeDefinitions = shapeDefinitions;
    }

    static ServiceModel load(JsonNode document) {
        if (document == null || !document.isObject()) {
            throw new IllegalArgumentException("The service model must be a JSON object");
        }
        JsonNode metadata = requireObject(document, "metadata", "the model");
        String targetPrefix = requireText(metadata, "targetPrefix", "metadata");
        String apiVersion = requireText(metadata, "apiVersion", "metadata");
        ServiceModelLoader loader = new ServiceModelLoader(requireObject(document, "shapes", "the model"));

        Map<String, Shape> shapes = new LinkedHashMap<>();
        Iterator<String> shapeNames = loader.shapeDefinitions.fieldNames();
        while (shapeNames.hasNext()) {
            String shapeName = shapeNames.next();
            shapes.put(shapeName, loader.resolve(shapeName));
        }

        Map<String, OperationModel> operations = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : requireObject(document, "operations", "the model").properties()) {
            operations.put(entry.getKey(), loader.operation(entry.getKey(), entry.getValue()));
        }
        return new ServiceModel(targetPrefix, apiVersion, operations, shapes);
    }

    private OperationModel operation(String operationName, JsonNode definition) {
        String name = definition.path("name").asText(operationName);
        if (!name.equals(operationName)) {
            throw new IllegalArgumentException("Operation " + operationName + " declares the name " + name);
        }
        JsonNode input = definition.path("input").path("shape");
        Shape inputShape = input.isTextual()
                ? resolve(input.textValue())
                : new Shape.Builder(operationName + "Input", ShapeType.STRUCTURE).build();
        JsonNode output = definition.path("output").path("shape");
        List<String> errors = new ArrayList<>();
        for (JsonNode error : definition.path("errors")) {
            String errorName = requireText(error, "shape", "an error of operation " + operationName);
            resolve(errorName);
            errors.add(errorName);
        }
        return new OperationModel(name, inputShape, output.isTextual() ? output.textValue() : null, errors);
    }

    private Shape resolve(String shapeName) {
        Shape shape = resolved.get(shapeName);
        if (shape != null) {
            return shape;
        }
        JsonNode definition = shapeDefinitions.get(shapeName);
        if (definition == null || !definition.isObject()) {
            throw new IllegalArgumentException("The model refers to the undefined shape " + shapeName);
        }
        if (!inProgress.add(shapeName)) {
            throw new IllegalArgumentException("Recursive shapes are not supported: " + shapeName);
        }
        shape = build(shapeName, definition);
        inProgress.remove(shapeName);
        resolved.put(shapeName, shape);
        return shape;
    }

    private Shape build(String shapeName, JsonNode definition) {
        ShapeType type = ShapeType.fromModelName(requireText(definition, "type", "shape " + shapeName));
        Shape.Builder builder = new Shape.Builder(shapeName, type)
                .sensitive(definition.path("sensitive").asBoolean(false))
                .exception(definition.path("exception").asBoolean(false));
        readBound(definition, "min", shapeName).ifPresent(builder::minimum);
        readBound(definition, "max", shapeName).ifPresent(builder::maximum);
        JsonNode pattern = definition.get("pattern");
        if (pattern != null) {
            builder.pattern(compile(pattern.asText(), shapeName));
        }
        for (JsonNode enumValue : definition.path("enum")) {
            builder.addEnumValue(enumValue.asText());
        }
        switch (type) {
            case STRUCTURE -> addMembers(builder, definition, shapeName);
            case LIST -> builder.listMember(resolve(requireText(requireObject(definition, "member", shapeName), "shape", shapeName)));
            case MAP -> builder.mapKeyAndValue(
                    resolve(requireText(requireObject(definition, "key", shapeName), "shape", shapeName)),
                    resolve(requireText(requireObject(definition, "value", shapeName), "shape", shapeName)));
            default -> { }
        }
        return builder.build();
    }

    private void addMembers(Shape.Builder builder, JsonNode definition, String shapeName) {
        Set<String> required = new HashSet<>();
        for (JsonNode requiredName : definition.path("required")) {
            required.add(requiredName.asText());
        }
        Set<String> declared = new HashSet<>();
        for (Map.Entry<String, JsonNode> member : definition.path("members").properties()) {
            String memberName = member.getKey();
            Shape target = resolve(requireText(member.getValue(), "shape", "member " + shapeName + "." + memberName));
            builder.addMember(new ShapeMember(memberName, ShapeMember.pathNameOf(memberName), target, required.contains(memberName)));
            declared.add(memberName);
        }
        if (!declared.containsAll(required)) {
            required.removeAll(declared);
            throw new IllegalArgumentException("Shape " + shapeName + " requires undeclared members " + required);
        }
    }

    private static OptionalLong readBound(JsonNode definition, String field, String shapeName) {
        JsonNode bound = definition.get(field);
        if (bound == null) {
            return OptionalLong.empty();
        }
        if (!bound.isIntegralNumber() || !bound.canConvertToLong()) {
            throw new IllegalArgumentException("Shape " + shapeName + ": " + field + " must be a whole number");
        }
        return OptionalLong.of(bound.longValue());
    }

    private static Pattern compile(String regularExpression, String shapeName) {
        try {
            return Pattern.compile(regularExpression);
        } catch (PatternSyntaxException invalid) {
            throw new IllegalArgumentException("Shape " + shapeName + " has an invalid pattern", invalid);
        }
    }

    private static JsonNode requireObject(JsonNode parent, String field, String where) {
        JsonNode child = parent.get(field);
        if (child == null || !child.isObject()) {
            throw new IllegalArgumentException("Missing object '" + field + "' in " + where);
        }
        return child;
    }

    private static String requireText(JsonNode parent, String field, String where) {
        JsonNode child = parent.get(field);
        if (child == null || !child.isTextual()) {
            throw new IllegalArgumentException("Missing text '" + field + "' in " + where);
        }
        return child.textValue();
    }
}
