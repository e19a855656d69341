package dev.meridian.sqlite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * The folder of sqlite-jdbc's jar that holds SQLite's native library for this platform
 * ({@code /org/sqlite/native/Linux/x86_64}), as sqlite-jdbc's {@link LibraryLoaderUtil#getNativeLibResourcePath()}
 * names it, without that method's cost where the answer is certain. sqlite-jdbc tells musl from glibc by resolving
 * every file the process maps ({@code /proc/self/map_files}, one path at a time) and Android from Linux by running
 * {@code uname -o}: 40 to 70 ms at every start on this project's machine, a process spawned included. Here the
 * common platforms (Linux with glibc and macOS, on x86-64 or AArch64) are recognized from the JVM's properties and
 * one read of {@code /proc/self/maps}, which lists the same files; anything else (musl, Android, Windows, other
 * processors, a {@code /proc} that cannot be read, an architecture set with {@code org.sqlite.osinfo.architecture}) is
 * left to sqlite-jdbc. {@code NativeLibraryFolderTest} holds the answer to sqlite-jdbc's on the machine that runs the
 * tests.
 */
final class NativeLibraryFolder {
    private static final String NATIVE = "/org/sqlite/native/";
    /** sqlite-jdbc's override of the processor's name. */
    private static final String ARCHITECTURE_PROPERTY = "org.sqlite.osinfo.architecture";

    /**
     * What the answer depends on.
     *
     * @param osName {@code os.name}
     * @param osArch {@code os.arch}
     * @param runtimeName {@code java.runtime.name} (Android's runtime names itself)
     * @param processMaps the process's memory map ({@code /proc/self/maps}), whose lines name the files it maps
     * @param androidSystem a folder every Android system has ({@code /system}, where sqlite-jdbc looks for Android's
     *        libraries), Termux's included
     */
    record Platform(String osName, String osArch, String runtimeName, Path processMaps, Path androidSystem) {
        static Platform current() {
            return new Platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                    System.getProperty("java.runtime.name", ""), Path.of("/proc/self/maps"), Path.of("/system"));
        }
    }

    private NativeLibraryFolder() {
    }

    /**
     * The folder for this JVM's platform: {@link #common}'s when it knows, else sqlite-jdbc's. (Should the jar hold no
     * library there, {@link SqliteNativeLibrary} finds none to copy and leaves the loading to sqlite-jdbc.)
     */
    static String forThisPlatform() {
        if (System.getProperty(ARCHITECTURE_PROPERTY) != null) {
            return LibraryLoaderUtil.getNativeLibResourcePath();
        }
        return common(Platform.current()).orElseGet(LibraryLoaderUtil::getNativeLibResourcePath);
    }

    /** The folder when {@code platform} is one of the common ones, whose answer is certain; else empty. */
    static Optional<String> common(Platform platform) {
        Optional<String> processor = switch (platform.osArch().toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> Optional.of("x86_64");
            case "aarch64" -> Optional.of("aarch64");
            default -> Optional.empty();
        };
        if (processor.isEmpty()) {
            return Optional.empty();
        }
        String osName = platform.osName();
        if (osName.contains("Windows")) {
            return Optional.empty();
        }
        if (osName.contains("Mac") || osName.contains("Darwin")) {
            return Optional.of(NATIVE + "Mac/" + processor.get());
        }
        if (!osName.contains("Linux") || platform.runtimeName().toLowerCase(Locale.ROOT).contains("android")
                || Files.exists(platform.androidSystem()) || !mapsNoMusl(platform.processMaps())) {
            return Optional.empty();
        }
        return Optional.of(NATIVE + "Linux/" + processor.get());
    }

    /** Whether the map could be read and no file it names has "musl" in its path (as sqlite-jdbc looks for it). */
    private static boolean mapsNoMusl(Path processMaps) {
        try {
            String map = Files.readString(processMaps, StandardCharsets.ISO_8859_1);
            return !map.isEmpty() && !map.toLowerCase(Locale.ROOT).contains("musl");
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }
}
