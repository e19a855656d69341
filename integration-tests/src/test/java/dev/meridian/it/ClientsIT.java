package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meridian.testkit.EmbeddedMeridian;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other clients the issue names, unchanged, against a running server: boto3 and the AWS CLI each run a
 * multi-Region round trip (create, replicate, await Enabled, encrypt in one Region, decrypt in another, an
 * error path). Each test is skipped, and says so, on a machine without that client.
 */
class ClientsIT {
    private static EmbeddedMeridian server;

    @BeforeAll
    static void start() {
        server = EmbeddedMeridian.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void boto3(@TempDir Path folder) throws Exception {
        assumeTrue(Commands.succeeds(List.of("python3", "-c", "import boto3")), "boto3 is not installed here");
        assertThat(run(folder, List.of("python3", script(folder, "multi_region_boto3.py").toString(), server.endpoint())))
                .contains("boto3 multi-Region round trip: ok");
    }

    @Test
    void awsCli(@TempDir Path folder) throws Exception {
        assumeTrue(Commands.succeeds(List.of("aws", "--version")), "the AWS CLI is not installed here");
        assertThat(run(folder, List.of("bash", script(folder, "multi_region_aws_cli.sh").toString(), server.endpoint())))
                .contains("AWS CLI multi-Region round trip: ok");
    }

    private static Path script(Path folder, String name) throws IOException {
        Path script = folder.resolve(name);
        try (var input = ClientsIT.class.getResourceAsStream("/clients/" + name)) {
            Files.copy(input, script);
        }
        return script;
    }

    private static String run(Path folder, List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
