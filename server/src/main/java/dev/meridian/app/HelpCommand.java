package dev.meridian.app;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code meridian help [COMMAND]}: picocli's own {@link CommandLine.HelpCommand} (the same texts, options, exit
 * codes and errors), described in code instead of by annotations. picocli reads the built-in command's annotations
 * by reflection, which cost about 50 ms of CPU on the main thread of every start, {@code serve} included, before the
 * server could begin.
 */
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Callable<Integer> {
    private final CommandSpec spec;
    private final PositionalParamSpec command;
    private CommandLine self;
    private ColorScheme colorScheme;
    private PrintWriter out;

    private HelpCommand() {
        spec = CommandSpec.wrapWithoutInspection(this).name("help").helpCommand(true);
        spec.usageMessage()
                .header("Display help information about the specified command.")
                .synopsisHeading("%nUsage: ")
                .description("%nWhen no COMMAND is given, the usage help for the main command is displayed.",
                        "If a COMMAND is specified, the help for that command is shown.%n");
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class)
                .descriptionKey("helpCommand.help").description("Show usage help for the help command and exit.")
                .build());
        command = PositionalParamSpec.builder().paramLabel("COMMAND").arity("0..1").type(String.class)
                .descriptionKey("helpCommand.command").description("The COMMAND to display the usage help message for.")
                .build();
        spec.addPositional(command);
    }

    /** The command's description, to add as the {@code help} subcommand. */
    static CommandSpec spec() {
        return new HelpCommand().spec;
    }

    @Override
    public void init(CommandLine helpCommandLine, ColorScheme colors, PrintWriter output, PrintWriter errors) {
        this.self = helpCommandLine;
        this.colorScheme = colors;
        this.out = output;
    }

    /** The usage of the named sibling command, or of the parent command when none is named. */
    @Override
    public Integer call() {
        CommandLine parent = self.getParent();
        String name = command.getValue();
        if (name == null) {
            parent.usage(out, colorScheme);
            return parent.getCommandSpec().exitCodeOnUsageHelp();
        }
        CommandLine subcommand = parent.getSubcommands().get(name);
        if (subcommand == null) {
            throw new CommandLine.ParameterException(parent, "Unknown subcommand '" + name + "'.", null, name);
        }
        subcommand.usage(out, colorScheme);
        return subcommand.getCommandSpec().exitCodeOnUsageHelp();
    }
}
