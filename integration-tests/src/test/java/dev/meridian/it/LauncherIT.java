package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./meridian} launcher says what to install, in one line, before it builds or runs anything. */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "meridian").toAbsolutePath().normalize();
    private static final String INSTALL_JDK = "install a JDK 17+ (e.g. apt install openjdk-17-jdk, brew install openjdk@17,"
            + " or https://adoptium.net)";

    @Test
    void withoutJavaItSaysToInstallJava17(@TempDir Path emptyFolder) throws Exception {
        Result result = run(LAUNCHER, emptyFolder.toString(), "serve");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("Meridian needs Java 17 or later, and found no java (JAVA_HOME unset or wrong, none on PATH): "
                + INSTALL_JDK + " and run again.\n");
    }

    @Test
    void withJava11ItNamesTheVersionFoundAndSaysToInstallJava17(@TempDir Path folder) throws Exception {
        Path java = fakeJava(folder, "openjdk version \"11.0.2\" 2019-01-15");
        Result result = run(LAUNCHER, folder + File.pathSeparator + System.getenv("PATH"), "serve");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("Meridian needs Java 17 or later, but " + java + " is 11.0.2: " + INSTALL_JDK
                + " and put it first on PATH or set JAVA_HOME.\n");
    }

    @Test
    void readsTheVersionFromTheJdksReleaseFileWithoutStartingJava(@TempDir Path folder) throws Exception {
        Path bin = Files.createDirectories(folder.resolve("jdk").resolve("bin"));
        Path java = fakeJava(bin, "this java must not be asked for its version");
        Files.writeString(folder.resolve("jdk").resolve("release"), "IMPLEMENTOR=\"Example\"\nJAVA_VERSION=\"11.0.2\"\n",
                StandardCharsets.UTF_8);
        Result result = run(LAUNCHER, bin + File.pathSeparator + System.getenv("PATH"), "serve");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("Meridian needs Java 17 or later, but " + java + " is 11.0.2: " + INSTALL_JDK
                + " and put it first on PATH or set JAVA_HOME.\n");
    }

    @Test
    void whenItMustBuildWithoutMavenItSaysToInstallMaven(@TempDir Path folder) throws Exception {
        Path bin = Files.createDirectories(folder.resolve("bin"));
        fakeJava(bin, "openjdk version \"17.0.15\" 2025-04-15");
        Path checkout = Files.createDirectories(folder.resolve("checkout"));
        Path launcher = Files.copy(LAUNCHER, checkout.resolve("meridian"));
        Result result = run(launcher, bin.toString(), "serve");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("Building Meridian needs Maven 3.8 or later, and found no mvn on PATH: install it"
                + " (e.g. apt install maven, brew install maven, or https://maven.apache.org/download.cgi) and run again.\n");
    }

    @Test
    void aJavaThatCannotMakeTheClassDataSharingArchiveIsAskedOncePerBuild(@TempDir Path folder) throws Exception {
        Path bin = Files.createDirectories(folder.resolve("jdk").resolve("bin"));
        Files.writeString(folder.resolve("jdk").resolve("release"), "JAVA_VERSION=\"17.0.15\"\n", StandardCharsets.UTF_8);
        Path calls = folder.resolve("calls");
        // The training start's port: the launcher sends it one request (answered by closing the connection).
        ServerSocket trainingPort = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread answering = new Thread(() -> {
            while (!trainingPort.isClosed()) {
                try (Socket connection = trainingPort.accept()) {
                    InputStream request = connection.getInputStream();
                    request.read(new byte[8192]); // the request
                    connection.shutdownOutput(); // the answer: the end of the stream
                    request.transferTo(OutputStream.nullOutputStream()); // until the launcher closes its side
                } catch (IOException closed) {
                    // the test is over
                }
            }
        });
        answering.setDaemon(true);
        answering.start();
        // Records each call; a training start says it is ready and writes its class list; the dump fails; the server
        // itself writes a log line to standard error.
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\n"
                + "for argument in \"$@\"; do case \"$argument\" in\n"
                + "  -XX:DumpLoadedClassList=*) echo 'some/Class' > \"${argument#*=}\";"
                + " echo 'Meridian is ready on http://127.0.0.1:" + trainingPort.getLocalPort() + "'; exit 0;;\n"
                + "  -Xshare:dump) exit 1;;\n"
                + "esac; done\n"
                + "echo 'a log line of the server' >&2\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path checkout = Files.createDirectories(folder.resolve("checkout"));
        Files.createDirectories(checkout.resolve("server").resolve("src").resolve("main"));
        Files.writeString(checkout.resolve("pom.xml"), "", StandardCharsets.UTF_8);
        Files.writeString(checkout.resolve("server").resolve("pom.xml"), "", StandardCharsets.UTF_8);
        Path launcher = Files.copy(LAUNCHER, checkout.resolve("meridian"));
        Path target = Files.createDirectories(checkout.resolve("server").resolve("target"));
        Path jar = Files.writeString(target.resolve("meridian.jar"), "a built jar", StandardCharsets.UTF_8);
        FileTime written = FileTime.from(Instant.now().minusSeconds(120));
        for (Path source : List.of(checkout.resolve("pom.xml"), checkout.resolve("server").resolve("pom.xml"),
                checkout.resolve("server").resolve("src").resolve("main"))) {
            Files.setLastModifiedTime(source, written);
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60))); // built after: nothing to build

        String path = bin + File.pathSeparator + System.getenv("PATH");
        Result first = run(launcher, path, "serve");
        trainingPort.close();
        assertThat(first.exitCode()).isZero();
        assertThat(first.err()).isEqualTo("a log line of the server\n"); // the training leaves standard error alone
        assertThat(Files.readAllLines(calls)).hasSize(3).satisfies(lines -> {
            assertThat(lines.get(0)).startsWith("-XX:DumpLoadedClassList=");
            assertThat(lines.get(1)).startsWith("-Xshare:dump");
            assertThat(lines.get(2)).isEqualTo("-jar " + jar + " serve"); // without the archive
        });
        assertThat(target.resolve("meridian.jsa")).doesNotExist();
        assertThat(target.resolve("meridian.jsa.unusable")).exists();

        Files.delete(calls);
        assertThat(run(launcher, path, "serve").exitCode()).isZero();
        assertThat(Files.readAllLines(calls)).containsExactly("-jar " + jar + " serve"); // not asked again

        Files.delete(calls);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60))); // a new build
        assertThat(run(launcher, path, "serve").exitCode()).isZero();
        assertThat(Files.readAllLines(calls)).hasSize(3);
    }

    /** A {@code java} that only answers {@code -version}, as the given version would. */
    private static Path fakeJava(Path folder, String versionLine) throws IOException {
        Path java = folder.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho '" + versionLine + "' >&2\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    private record Result(int exitCode, String out, String err) {
    }

    /** Runs the launcher with bash, with {@code path} as PATH and no JAVA_HOME. */
    private static Result run(Path launcher, String path, String... arguments) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(bash().toString(), launcher.toString());
        builder.command().addAll(java.util.List.of(arguments));
        Map<String, String> environment = builder.environment();
        environment.remove("JAVA_HOME");
        environment.put("PATH", path);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).isEmpty();
        return new Result(process.exitValue(), out, err);
    }

    private static Path bash() {
        for (String folder : System.getenv("PATH").split(File.pathSeparator)) {
            Path candidate = Path.of(folder, "bash");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No bash on PATH");
    }
}
