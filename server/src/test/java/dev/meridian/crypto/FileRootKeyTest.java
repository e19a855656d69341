package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.AccountId;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyReference;
import dev.meridian.model.Region;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRootKeyTest {
    private static final KeyReference KEY = new KeyReference(AccountId.of("111122223333"), Region.of("eu-west-1"),
            new KeyId("0123abcd-4567-89ef-0011-223344556677"));
    private static final KeyReference OTHER_KEY = new KeyReference(AccountId.of("111122223333"), Region.of("eu-west-1"),
            new KeyId("fedcba98-4567-89ef-0011-223344556677"));

    @TempDir
    Path folder;

    @Test
    void createsAThirtyTwoByteFileReadableByItsOwnerOnly() throws Exception {
        Path file = folder.resolve("root.key");
        FileRootKey.loadOrCreate(file);
        assertThat(Files.size(file)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(FileRootKey.loadOrCreate(file).toString()).isEqualTo("FileRootKey[redacted]");
    }

    @Test
    void wrappedMaterialDoesNotContainTheMaterial() {
        RootKey root = FileRootKey.loadOrCreate(folder.resolve("root.key"));
        SecretBytes material = SecretBytes.random(32);
        byte[] clear = material.toByteArray();
        byte[] wrapped = root.wrap(material, MaterialBinding.associatedData(KEY, 1));

        assertThat(wrapped).hasSize(1 + 12 + 32 + 16);
        assertThat(wrapped[0]).isEqualTo((byte) 1);
        for (int offset = 0; offset + 8 <= wrapped.length; offset++) {
            assertThat(java.util.Arrays.copyOfRange(wrapped, offset, offset + 8))
                    .isNotEqualTo(java.util.Arrays.copyOfRange(clear, 0, 8));
        }
        assertThat(root.wrap(material, MaterialBinding.associatedData(KEY, 1))).isNotEqualTo(wrapped);
        assertThat(root.unwrap(wrapped, MaterialBinding.associatedData(KEY, 1))).isEqualTo(material);
    }

    @Test
    void unwrappingWithAnotherRecordsBindingFails() {
        RootKey root = FileRootKey.loadOrCreate(folder.resolve("root.key"));
        byte[] wrapped = root.wrap(SecretBytes.random(32), MaterialBinding.associatedData(KEY, 1));
        KeyReference otherRegion = new KeyReference(KEY.account(), Region.of("us-east-1"), KEY.keyId());
        KeyReference otherAccount = new KeyReference(AccountId.of("444455556666"), KEY.region(), KEY.keyId());
        for (byte[] binding : new byte[][] {MaterialBinding.associatedData(KEY, 2), MaterialBinding.associatedData(OTHER_KEY, 1),
                MaterialBinding.associatedData(otherRegion, 1), MaterialBinding.associatedData(otherAccount, 1)}) {
            assertThatThrownBy(() -> root.unwrap(wrapped, binding)).isInstanceOf(AuthenticationFailedException.class);
        }
    }

    @Test
    void anotherRootKeyCannotUnwrapAndTamperingFails() {
        RootKey root = FileRootKey.loadOrCreate(folder.resolve("root.key"));
        RootKey other = FileRootKey.loadOrCreate(folder.resolve("other.key"));
        byte[] binding = MaterialBinding.associatedData(KEY, 1);
        byte[] wrapped = root.wrap(SecretBytes.random(32), binding);
        assertThatThrownBy(() -> other.unwrap(wrapped, binding)).isInstanceOf(AuthenticationFailedException.class);
        for (int position = 0; position < wrapped.length; position++) {
            byte[] tampered = wrapped.clone();
            tampered[position] ^= 1;
            assertThatThrownBy(() -> root.unwrap(tampered, binding)).isInstanceOf(AuthenticationFailedException.class);
        }
        assertThatThrownBy(() -> root.unwrap(new byte[28], binding)).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void theSameFileGivesTheSameRootKeyAfterAReload() {
        Path file = folder.resolve("root.key");
        SecretBytes material = SecretBytes.random(32);
        byte[] wrapped = FileRootKey.loadOrCreate(file).wrap(material, MaterialBinding.associatedData(KEY, 1));
        assertThat(FileRootKey.loadOrCreate(file).unwrap(wrapped, MaterialBinding.associatedData(KEY, 1))).isEqualTo(material);
    }

    @Test
    void refusesAFileOfTheWrongSize() throws Exception {
        Path file = folder.resolve("short.key");
        Files.write(file, new byte[31]);
        assertThatThrownBy(() -> FileRootKey.loadOrCreate(file)).isInstanceOf(IllegalStateException.class)
                .hasMessage("The root key file " + file + " must hold 32 bytes");
    }
}
