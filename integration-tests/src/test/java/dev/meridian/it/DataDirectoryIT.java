package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.app.DataDirectoryException;
import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.EmbeddedMeridian;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;

/** One data folder, one server: a second one refuses to start, and the folder is free again once the holder dies. */
class DataDirectoryIT {
    private static final String REGION = "us-east-1";

    @Test
    void aSecondServerProcessRefusesNamingTheFolderAndTheHolderAndAKillNineFreesTheFolder(@TempDir Path folder)
            throws Exception {
        Path data = folder.resolve("data");
        String keyId;
        try (ServerProcess first = ServerProcess.start(data)) {
            Finished second = run("serve", "--port", "0", "--data-dir", data.toString());
            assertThat(second.exitCode()).isEqualTo(1);
            assertThat(second.out()).isEmpty();
            assertThat(second.err()).isEqualTo("The data folder " + data.toRealPath() + " is in use by another Meridian server (PID "
                    + first.pid() + "); stop that server, or give this one another data folder" + System.lineSeparator());
            try (KmsClient client = KmsTestSupport.client(first.endpoint(), REGION)) {
                keyId = client.createKey(request -> { }).keyMetadata().keyId();
            }
            first.kill();
        }
        try (ServerProcess third = ServerProcess.start(data);
                KmsClient client = KmsTestSupport.client(third.endpoint(), REGION)) {
            assertThat(client.describeKey(request -> request.keyId(keyId)).keyMetadata().keyId()).isEqualTo(keyId);
        }
    }

    @Test
    void aSecondEmbeddedServerFailsAndLeavesTheFirstHoldingTheFolder(@TempDir Path folder) throws Exception {
        ServerConfiguration.Builder settings = ServerConfiguration.builder().replicationDelay(Duration.ZERO).dataDirectory(folder);
        try (EmbeddedMeridian first = EmbeddedMeridian.start(settings)) {
            assertThatThrownBy(() -> EmbeddedMeridian.start(settings))
                    .isInstanceOfSatisfying(DataDirectoryException.class,
                            error -> assertThat(error.problem()).isEqualTo(DataDirectoryException.Problem.IN_USE))
                    .hasMessage("The data folder " + folder.toRealPath() + " is in use by another Meridian server in this process"
                            + " (PID " + ProcessHandle.current().pid() + "); stop that server, or give this one another data folder");
            Finished other = run("serve", "--port", "0", "--data-dir", folder.toString());
            assertThat(other.exitCode()).as("the failed attempt left the lock in place").isEqualTo(1);
            assertThat(other.err()).contains("is in use by another Meridian server (PID " + ProcessHandle.current().pid() + ")");
            try (KmsClient client = KmsTestSupport.client(first.endpoint(), REGION)) {
                assertThat(client.createKey(request -> { }).keyMetadata().keyId()).isNotEmpty();
            }
        }
        try (EmbeddedMeridian again = EmbeddedMeridian.start(settings)) {
            assertThat(again.dataDirectory()).isEqualTo(folder);
        }
    }

    @Test
    void anEmbeddedServerDeletesTheTemporaryFolderItMadeAndKeepsAFolderItWasGiven(@TempDir Path folder) {
        EmbeddedPostgresDatabases.assumeSqlite("the data folder's meridian.db");
        EmbeddedMeridian made = EmbeddedMeridian.start();
        Path temporary = made.dataDirectory();
        assertThat(temporary.resolve("meridian.db")).exists();
        made.restart();
        assertThat(temporary.resolve("meridian.db")).exists();
        made.close();
        assertThat(temporary).doesNotExist();

        EmbeddedMeridian.start(ServerConfiguration.builder().dataDirectory(folder)).close();
        assertThat(folder.resolve("meridian.db")).exists();
        assertThat(folder.resolve("root.key")).exists();
    }

    private record Finished(int exitCode, String out, String err) {
    }

    private static Finished run(String... arguments) throws IOException, InterruptedException {
        Process process = ServerProcess.java(arguments);
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("The second server did not exit: " + out + err);
        }
        return new Finished(process.exitValue(), out, err);
    }
}
