package dev.meridian.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Meridian server in a process of its own, started from the test's class path, that a test can kill. */
final class DurabilityProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("Meridian is ready on (http://127\\.0\\.0\\.1:\\d+) \\(.*\\)");
    private final Process process;
    private final String endpoint;

    private DurabilityProcess(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts {@code serve} on a free port with {@code dataDirectory}, and returns once it printed its ready line. */
    static DurabilityProcess start(Path dataDirectory) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.meridian.app.Main", "serve", "--port", "0", "--data-dir", dataDirectory.toString(),
                "--replication-delay", "0s");
        builder.redirectError(dataDirectory.resolveSibling(dataDirectory.getFileName() + "-stderr.log").toFile());
        Process process = builder.start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    Matcher matcher = READY.matcher(line);
                    if (matcher.matches()) {
                        return matcher.group(1);
                    }
                }
                throw new IllegalStateException("The server exited before it was ready: " + process.waitFor());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return new DurabilityProcess(process, ready.get(60, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("The server did not get ready", e);
        }
    }

    String endpoint() {
        return endpoint;
    }

    /** SIGKILL: no shutdown hook, no close of the store. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
