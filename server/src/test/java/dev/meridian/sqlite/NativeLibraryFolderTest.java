package dev.meridian.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.sqlite.NativeLibraryFolder.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

/** The native library's folder, found without sqlite-jdbc's cost only where the answer is certain. */
class NativeLibraryFolderTest {
    private static final String GLIBC_MAPS = """
            7f1c2a000000-7f1c2a028000 r--p 00000000 08:01 1311 /usr/lib/x86_64-linux-gnu/libc.so.6
            7f1c2a200000-7f1c2a210000 r-xp 00000000 08:01 2042 /usr/lib/jvm/java-17/lib/server/libjvm.so
            7ffd1b7e5000-7ffd1b806000 rw-p 00000000 00:00 0 [stack]
            """;

    @TempDir
    Path folder;

    @Test
    void onThisMachineItIsSqliteJdbcsOwnAnswer() {
        String sqliteJdbcs = LibraryLoaderUtil.getNativeLibResourcePath();
        assertThat(NativeLibraryFolder.forThisPlatform()).isEqualTo(sqliteJdbcs);
        if (sqliteJdbcs.matches("/org/sqlite/native/(Linux|Mac)/(x86_64|aarch64)")) {
            // A common platform, as the project's machines are: found without asking sqlite-jdbc.
            assertThat(NativeLibraryFolder.common(Platform.current())).contains(sqliteJdbcs);
        }
    }

    @Test
    void linuxWithGlibcOnEitherProcessor() throws IOException {
        assertThat(NativeLibraryFolder.common(linux("amd64", GLIBC_MAPS))).contains("/org/sqlite/native/Linux/x86_64");
        assertThat(NativeLibraryFolder.common(linux("x86_64", GLIBC_MAPS))).contains("/org/sqlite/native/Linux/x86_64");
        assertThat(NativeLibraryFolder.common(linux("aarch64", GLIBC_MAPS))).contains("/org/sqlite/native/Linux/aarch64");
    }

    @Test
    void macOnEitherProcessor() {
        Path none = folder.resolve("none");
        assertThat(NativeLibraryFolder.common(new Platform("Mac OS X", "aarch64", "OpenJDK Runtime Environment", none, none)))
                .contains("/org/sqlite/native/Mac/aarch64");
        assertThat(NativeLibraryFolder.common(new Platform("Mac OS X", "x86_64", "OpenJDK Runtime Environment", none, none)))
                .contains("/org/sqlite/native/Mac/x86_64");
    }

    @Test
    void muslIsLeftToSqliteJdbc() throws IOException {
        String alpine = "7f1c2a000000-7f1c2a028000 r-xp 00000000 08:01 1311 /lib/ld-musl-x86_64.so.1\n";
        assertThat(NativeLibraryFolder.common(linux("amd64", alpine))).isEmpty();
        assertThat(NativeLibraryFolder.common(linux("amd64", GLIBC_MAPS + "7f00-7f01 r-xp 0 08:01 9 /usr/lib/MUSL/x.so\n")))
                .isEmpty();
    }

    @Test
    void androidIsLeftToSqliteJdbc() throws IOException {
        Path maps = Files.writeString(folder.resolve("maps"), GLIBC_MAPS, StandardCharsets.ISO_8859_1);
        Path absent = folder.resolve("absent");
        assertThat(NativeLibraryFolder.common(new Platform("Linux", "aarch64", "Android Runtime", maps, absent))).isEmpty();
        Path system = Files.createDirectory(folder.resolve("system")); // Termux: a Linux JVM on Android's system
        assertThat(NativeLibraryFolder.common(new Platform("Linux", "aarch64", "OpenJDK Runtime Environment", maps, system)))
                .isEmpty();
    }

    @Test
    void anUnreadableOrEmptyMapIsLeftToSqliteJdbc() throws IOException {
        Path absent = folder.resolve("absent");
        assertThat(NativeLibraryFolder.common(new Platform("Linux", "amd64", "OpenJDK Runtime Environment", absent, absent)))
                .isEmpty();
        assertThat(NativeLibraryFolder.common(linux("amd64", ""))).isEmpty();
    }

    @Test
    void otherSystemsAndProcessorsAreLeftToSqliteJdbc() throws IOException {
        assertThat(NativeLibraryFolder.common(linux("arm", GLIBC_MAPS))).isEmpty();
        assertThat(NativeLibraryFolder.common(linux("ppc64le", GLIBC_MAPS))).isEmpty();
        assertThat(NativeLibraryFolder.common(linux("riscv64", GLIBC_MAPS))).isEmpty();
        Path absent = folder.resolve("absent");
        assertThat(NativeLibraryFolder.common(new Platform("Windows 11", "amd64", "OpenJDK Runtime Environment", absent,
                absent))).isEmpty();
        assertThat(NativeLibraryFolder.common(new Platform("FreeBSD", "amd64", "OpenJDK Runtime Environment", absent,
                absent))).isEmpty();
    }

    private Platform linux(String processor, String maps) throws IOException {
        Path file = Files.writeString(Files.createTempFile(folder, "maps", ""), maps, StandardCharsets.ISO_8859_1);
        return new Platform("Linux", processor, "OpenJDK Runtime Environment", file, folder.resolve("no-system"));
    }
}
