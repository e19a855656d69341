package dev.meridian.wire;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The operations Meridian implements, by wire name, with where each runs. Filled once at start. */
final class Operations {
    record Binding(Operation operation, Execution execution) {
    }

    private final Map<String, Binding> bindings = new HashMap<>();

    void add(String name, Execution execution, Operation operation) {
        if (bindings.put(name, new Binding(operation, execution)) != null) {
            throw new IllegalStateException("Two implementations of " + name);
        }
    }

    /** Replaces the implementation of {@code name}, when there is one, by {@code decorator}'s wrap of it. */
    void decorate(String name, UnaryOperator<Operation> decorator) {
        bindings.computeIfPresent(name,
                (ignored, binding) -> new Binding(decorator.apply(binding.operation()), binding.execution()));
    }

    Binding find(String name) {
        return bindings.get(name);
    }

    int size() {
        return bindings.size();
    }
}
