package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * No object the command line hands to picocli is a lambda. picocli's interfaces are compiled for Java 5; when the
 * launcher writes its class data sharing archive, a lambda implementing one makes the JDK link that interface, and
 * an old interface once linked is left out of the archive, with every class that implements it (picocli's ~30
 * converters, loaded and verified from the jar at every start instead). A lambda's class is hidden; a named class is
 * not.
 */
class CommandLineClassDataSharingTest {

    @Test
    void theCommandLineHandsPicocliNoLambda() {
        CommandLine commandLine = Main.commandLine();
        List<Object> handedOver = new ArrayList<>();
        handedOver.add(commandLine.getParameterExceptionHandler());
        handedOver.add(commandLine.getExecutionExceptionHandler());
        handedOver.add(commandLine.getExitCodeExceptionMapper());
        for (CommandLine command : commands(commandLine)) {
            CommandSpec spec = command.getCommandSpec();
            handedOver.add(spec.defaultValueProvider());
            handedOver.add(spec.versionProvider());
            handedOver.addAll(spec.usageMessage().sectionMap().values());
            for (ArgSpec argument : spec.args()) {
                handedOver.addAll(List.of(argument.converters()));
                handedOver.add(argument.completionCandidates());
                handedOver.add(argument.parameterConsumer());
                handedOver.add(argument.preprocessor());
            }
        }
        List<Object> convertersOfServe = new ArrayList<>();
        for (ArgSpec argument : commandLine.getSubcommands().get("serve").getCommandSpec().args()) {
            convertersOfServe.addAll(List.of(argument.converters()));
        }
        assertThat(convertersOfServe).isNotEmpty(); // the check below looks at something

        assertThat(handedOver).filteredOn(object -> object != null && object.getClass().isHidden()).isEmpty();
    }

    private static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> commands = new ArrayList<>(List.of(root));
        for (CommandLine subcommand : root.getSubcommands().values()) {
            commands.addAll(commands(subcommand));
        }
        return commands;
    }
}
