package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class HelpCommandTest {
    /** Each line is one command line; the help described in code answers exactly as picocli's built-in one. */
    @ParameterizedTest
    @ValueSource(strings = {"help", "help serve", "help help", "help nope", "help -h", "help --help",
        "help serve extra", "help -x", "help serve --help", "help -V", "--help", "serve --help", "nope"})
    void answersAsPicocliItsOwnHelpCommand(String line) {
        String[] arguments = line.split(" ");

        Outcome described = execute(Main.commandLine(), arguments);
        Outcome builtIn = execute(Main.commandLine(new CommandLine.HelpCommand()), arguments);

        assertThat(described).isEqualTo(builtIn);
        assertThat(described.out() + described.err()).isNotBlank();
    }

    /** Each line starts with serve and starts no server; the command line without help answers as the whole one. */
    @ParameterizedTest
    @ValueSource(strings = {"serve --help", "serve -h", "serve --bogus", "serve --port x", "serve --port 70000",
        "serve extra", "serve --log-level nope", "serve --port", "serve --database-lock-timeout 5", "serve help"})
    void serveAnswersWithoutHelpAsWithIt(String line) {
        String[] arguments = line.split(" ");

        Outcome withoutHelp = execute(Main.serveCommandLine(), arguments);
        Outcome whole = execute(Main.commandLine(), arguments);

        assertThat(withoutHelp).isEqualTo(whole);
        assertThat(withoutHelp.out() + withoutHelp.err()).isNotBlank();
    }

    @Test
    void serveReadsItsOptionsWithoutHelpAsWithIt() {
        String[] arguments = {"serve", "--port", "0", "--data-dir", "elsewhere", "--log-level", "warn", "--region-port",
            "us-west-2=0"};

        assertThat(matched(Main.serveCommandLine().parseArgs(arguments)))
                .isEqualTo(matched(Main.commandLine().parseArgs(arguments)))
                .contains("--port=0", "--data-dir=elsewhere", "--log-level=WARN");
    }

    private static java.util.List<String> matched(CommandLine.ParseResult result) {
        return result.subcommand().matchedOptions().stream()
                .map(option -> option.longestName() + "=" + option.getValue()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "help serve"})
    void showsTheUsageOfTheNamedCommandOrOfMeridian(String line) {
        Outcome outcome = execute(Main.commandLine(), line.split(" "));

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.out()).startsWith(line.equals("help") ? "Usage: meridian [-hV] [COMMAND]"
                : "Usage: meridian serve [");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Outcome outcome = execute(Main.commandLine(), "help", "nope");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).isEqualTo("Unknown subcommand 'nope'." + System.lineSeparator());
        assertThat(outcome.out()).isEmpty();
    }

    private record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome execute(CommandLine commandLine, String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(arguments);
        return new Outcome(exitCode, out.toString(), err.toString());
    }
}
