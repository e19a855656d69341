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
final class ServerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("Meridian is ready on (http://127\\.0\\.0\\.1:\\d+) \\(.*\\)");
    private final Process process;
    private final String endpoint;
    private final Path errorLog;

    private ServerProcess(Process process, String endpoint, Path errorLog) {
        this.process = process;
        this.endpoint = endpoint;
        this.errorLog = errorLog;
    }

    /**
     * Starts {@code serve} on a free port with {@code dataDirectory} (and {@code moreOptions}; a replication delay of
     * 0s unless they give one), and returns once it printed its ready line.
     */
    static ServerProcess start(Path dataDirectory, String... moreOptions) throws IOException, InterruptedException {
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(launcher, "-cp",
                System.getProperty("java.class.path"), "dev.meridian.app.Main", "serve", "--port", "0", "--data-dir",
                dataDirectory.toString()));
        if (!java.util.List.of(moreOptions).contains("--replication-delay")) {
            command.addAll(java.util.List.of("--replication-delay", "0s"));
        }
        command.addAll(java.util.List.of(moreOptions));
        ProcessBuilder builder = new ProcessBuilder(command);
        Path errorLog = dataDirectory.resolveSibling(dataDirectory.getFileName() + "-stderr.log");
        builder.redirectError(errorLog.toFile());
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
            return new ServerProcess(process, ready.get(60, TimeUnit.SECONDS), errorLog);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("The server did not get ready", e);
        }
    }

    /**
     * Runs {@code dev.meridian.app.Main} with {@code arguments} in a process of its own, from the test's
     * class path, without waiting for it.
     */
    static Process java(String... arguments) throws IOException {
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(launcher, "-cp",
                System.getProperty("java.class.path"), "dev.meridian.app.Main"));
        command.addAll(java.util.List.of(arguments));
        return new ProcessBuilder(command).start();
    }

    String endpoint() {
        return endpoint;
    }

    /** The server's process ID, which it writes into its data folder's lock file. */
    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no close of the store. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as Ctrl-C or a service manager sends: returns the exit code once the process is gone. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The server did not stop within 60 seconds of SIGTERM");
        }
        return process.exitValue();
    }

    /** What the server wrote to standard error so far. */
    String errorOutput() throws IOException {
        return java.nio.file.Files.readString(errorLog);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the server if it still runs (SIGTERM, then SIGKILL after 30 seconds). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
