package dev.meridian.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

class SqliteNativeLibraryTest {
    @TempDir
    Path temporaryFolder;

    @Test
    void theCopyIsTheJarsLibraryInAFolderOnlyItsUserMayUse() throws IOException {
        Path copy = SqliteNativeLibrary.privateCopy(temporaryFolder).orElseThrow();

        Path folder = temporaryFolder.resolve("meridian-" + System.getProperty("user.name"));
        assertThat(copy.getParent()).isEqualTo(folder);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        assertThat(Files.readAllBytes(copy)).isEqualTo(jarsLibrary());
        assertThat(copy.getFileName().toString()).startsWith("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "-")
                .endsWith(LibraryLoaderUtil.getNativeLibName());
        try (var files = Files.list(folder)) {
            assertThat(files).containsExactly(copy); // no partial file left
        }
    }

    @Test
    void partialCopiesAbandonedLongAgoAreRemovedWhenACopyIsWritten() throws IOException {
        Path folder = SqliteNativeLibrary.userFolder(temporaryFolder).orElseThrow();
        Path abandoned = Files.createFile(folder.resolve("sqlite-jdbc-123.partial"));
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(SqliteNativeLibrary.ABANDONED).minusSeconds(60)));
        Path underWay = Files.createFile(folder.resolve("sqlite-jdbc-456.partial")); // another JVM's copy, just begun
        Path other = Files.createFile(folder.resolve("unrelated"));
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

        Path copy = SqliteNativeLibrary.privateCopy(temporaryFolder).orElseThrow();

        try (var files = Files.list(folder)) {
            assertThat(files).containsExactlyInAnyOrder(copy, underWay, other);
        }
    }

    @Test
    void sqliteJdbcsCleanUpListsAnEmptyFolderOnlyItsUserMayUse() throws IOException {
        Path folder = SqliteNativeLibrary.userFolder(temporaryFolder).orElseThrow();

        Path cleanUp = SqliteNativeLibrary.cleanUpFolder(folder).orElseThrow();

        assertThat(cleanUp.getParent()).isEqualTo(folder);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cleanUp))).isEqualTo("rwx------");
        try (var files = Files.list(cleanUp)) {
            assertThat(files).isEmpty();
        }
        assertThat(SqliteNativeLibrary.cleanUpFolder(folder)).contains(cleanUp); // made once, then found
    }

    @Test
    void aSecondStartReusesTheCopy() throws IOException {
        Path copy = SqliteNativeLibrary.privateCopy(temporaryFolder).orElseThrow();
        Object identity = Files.readAttributes(copy, "unix:ino").get("ino");

        assertThat(SqliteNativeLibrary.privateCopy(temporaryFolder)).contains(copy);
        assertThat(Files.readAttributes(copy, "unix:ino").get("ino")).isEqualTo(identity);
    }

    @Test
    void aCopyThatNoLongerMatchesTheJarIsReplaced() throws IOException {
        Path copy = SqliteNativeLibrary.privateCopy(temporaryFolder).orElseThrow();
        byte[] altered = jarsLibrary();
        altered[altered.length / 2] ^= 1; // same size, one bit changed
        Files.write(copy, altered);

        assertThat(SqliteNativeLibrary.privateCopy(temporaryFolder)).contains(copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(jarsLibrary());
    }

    @Test
    void aFolderOthersMayUseIsNotTrusted() throws IOException {
        Path folder = Files.createDirectory(temporaryFolder.resolve("meridian-" + System.getProperty("user.name")),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(SqliteNativeLibrary.privateCopy(temporaryFolder)).isEmpty();
        try (var files = Files.list(folder)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aLinkInPlaceOfTheFolderIsNotFollowed() throws IOException {
        Path elsewhere = Files.createDirectory(temporaryFolder.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(temporaryFolder.resolve("meridian-" + System.getProperty("user.name")), elsewhere);

        assertThat(SqliteNativeLibrary.privateCopy(temporaryFolder)).isEmpty();
        try (var files = Files.list(elsewhere)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aFolderOfAnotherUserIsNotTrusted() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a folder to another user");
        Path folder = Files.createDirectory(temporaryFolder.resolve("meridian-root"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        UserPrincipal nobody = folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(folder, nobody);

        assertThat(SqliteNativeLibrary.privateCopy(temporaryFolder)).isEmpty();
    }

    @Test
    void aLinkInPlaceOfTheCopyIsReplacedNotFollowed() throws IOException {
        Path copy = SqliteNativeLibrary.privateCopy(temporaryFolder).orElseThrow();
        Path decoy = Files.write(temporaryFolder.resolve("decoy"), new byte[] {1, 2, 3});
        Files.delete(copy);
        Files.createSymbolicLink(copy, decoy);

        assertThat(SqliteNativeLibrary.privateCopy(temporaryFolder)).contains(copy);
        assertThat(Files.isSymbolicLink(copy)).isFalse();
        assertThat(Files.readAllBytes(copy)).isEqualTo(jarsLibrary());
        assertThat(Files.readAllBytes(decoy)).containsExactly(1, 2, 3);
    }

    @Test
    void theLibraryLoadsAndLeavesSqliteJdbcsPropertiesAsTheyWere() throws Exception {
        SqliteNativeLibrary.load();

        assertThat(System.getProperty("org.sqlite.lib.path")).isNull();
        assertThat(System.getProperty("org.sqlite.lib.name")).isNull();
        assertThat(System.getProperty("org.sqlite.tmpdir")).isNull();
        try (Connection connection = new SQLiteConfig().createConnection("jdbc:sqlite::memory:");
                Statement statement = connection.createStatement();
                ResultSet version = statement.executeQuery("SELECT sqlite_version()")) {
            assertThat(version.next()).isTrue();
            assertThat(version.getString(1)).isNotBlank();
        }
    }

    private static byte[] jarsLibrary() throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            return Optional.ofNullable(in).orElseThrow().readAllBytes();
        }
    }
}
