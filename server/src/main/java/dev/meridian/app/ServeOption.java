package dev.meridian.app;

import java.util.function.BiConsumer;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One option of {@code meridian serve}, whole: its flag, the label and meaning of its value, how its text
 * is read and written, and the {@link ServerConfiguration} property it sets. Its default is the one the
 * configuration's builder starts from, and its range is checked by the builder's setter: neither is
 * written here.
 *
 * @param name the flag, e.g. {@code --port}
 * @param label the value's name in the help, e.g. {@code PORT}
 * @param meaning what the option does, one sentence for the help
 * @param reader reads the text; refuses it with an {@link IllegalArgumentException} saying what is expected
 * @param writer writes a value as {@code reader} reads it (the default in the help)
 * @param setter sets the property on a builder (which checks the range)
 * @param getter reads the property from a configuration
 * @param repeatable whether the option may be given more than once: its occurrences are joined with commas and read
 *        as one text, so {@code --x a --x b} is {@code --x a,b}
 * @param flag whether the option is a switch: given alone it means {@code true} (it may also be given
 *        {@code =true} or {@code =false}); its reader reads {@code true} and {@code false}
 */
record ServeOption<T>(String name, String label, String meaning, Function<String, T> reader, Function<T, String> writer,
        BiConsumer<ServerConfiguration.Builder, T> setter, Function<ServerConfiguration, T> getter, boolean repeatable,
        boolean flag) {

    /** An option given at most once. */
    ServeOption(String name, String label, String meaning, Function<String, T> reader, Function<T, String> writer,
            BiConsumer<ServerConfiguration.Builder, T> setter, Function<ServerConfiguration, T> getter) {
        this(name, label, meaning, reader, writer, setter, getter, false, false);
    }

    /** A switch: given alone, it sets its property to true. */
    static ServeOption<Boolean> flag(String name, String meaning, BiConsumer<ServerConfiguration.Builder, Boolean> setter,
            Function<ServerConfiguration, Boolean> getter) {
        return new ServeOption<>(name, "true|false", meaning, ServeOption::bool, String::valueOf, setter, getter, false, true);
    }

    private static boolean bool(String text) {
        if (text.trim().equalsIgnoreCase("true")) {
            return true;
        }
        if (text.trim().equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("'" + text + "' is not true or false");
    }

    /** An option that may be given more than once; its reader reads the occurrences joined with commas. */
    static <T> ServeOption<T> repeatable(String name, String label, String meaning, Function<String, T> reader,
            Function<T, String> writer, BiConsumer<ServerConfiguration.Builder, T> setter,
            Function<ServerConfiguration, T> getter) {
        return new ServeOption<>(name, label, meaning, reader, writer, setter, getter, true, false);
    }

    /** The default, as the help shows it and as the command line reads it. */
    String defaultText(ServerConfiguration defaults) {
        return writer.apply(getter.apply(defaults));
    }

    /** The option for picocli: its text is read by {@link #reader}, and its default is {@code defaults}'s. */
    OptionSpec toOptionSpec(ServerConfiguration defaults) {
        if (repeatable) {
            return OptionSpec.builder(name)
                    .paramLabel(label)
                    .description(meaning + " Repeatable. (default: " + defaultText(defaults) + ")")
                    .type(java.util.List.class)
                    .auxiliaryTypes(String.class)
                    .build();
        }
        OptionSpec.Builder option = OptionSpec.builder(name)
                .paramLabel(label)
                .description(meaning + " (default: ${DEFAULT-VALUE})")
                .type(Object.class)
                .converters(new Converter<>(reader))
                .defaultValue(defaultText(defaults));
        if (flag) {
            option.arity("0..1").fallbackValue("true");
        }
        return option.build();
    }

    /** Sets the property to the value picocli read; a value out of range is the builder's {@link IllegalArgumentException}. */
    @SuppressWarnings("unchecked") // the value came from this option's own converter, so it is a T
    void apply(ServerConfiguration.Builder builder, Object value) {
        if (repeatable) {
            java.util.List<String> occurrences = (java.util.List<String>) value;
            setter.accept(builder, reader.apply(occurrences == null || occurrences.isEmpty()
                    ? defaultText(ServerConfiguration.builder().build()) : String.join(",", occurrences)));
            return;
        }
        setter.accept(builder, (T) value);
    }

    /**
     * Reads an option's text with its reader; a text the reader refuses is picocli's conversion error. A class rather
     * than a lambda: picocli's interfaces are compiled for Java 5, and the class data sharing archive leaves out such
     * an interface (and with it all of picocli's converters, ~30 classes then loaded and verified at every start) when
     * a lambda made it link while the archive was written.
     */
    private static final class Converter<T> implements CommandLine.ITypeConverter<T> {
        private final Function<String, T> reader;

        Converter(Function<String, T> reader) {
            this.reader = reader;
        }

        @Override
        public T convert(String text) {
            try {
                return reader.apply(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
