package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootKeyCheckTest {

    @Test
    void aCheckValueVerifiesUnderItsOwnRootKeyOnly(@TempDir Path folder) {
        FileRootKey rootKey = FileRootKey.loadOrCreate(folder.resolve("one.key"));
        FileRootKey another = FileRootKey.loadOrCreate(folder.resolve("two.key"));
        byte[] check = RootKeyCheck.of(rootKey);

        assertThat(RootKeyCheck.verifies(rootKey, check)).isTrue();
        assertThat(RootKeyCheck.verifies(FileRootKey.loadOrCreate(folder.resolve("one.key")), check)).isTrue();
        assertThat(RootKeyCheck.verifies(another, check)).isFalse();
        assertThat(RootKeyCheck.verifies(rootKey, RootKeyCheck.of(another))).isFalse();
    }

    @Test
    void everyCheckValueIsFreshAndHoldsNeitherTheKeyNorTheLabelInTheClear(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("root.key");
        FileRootKey rootKey = FileRootKey.loadOrCreate(file);
        byte[] first = RootKeyCheck.of(rootKey);
        byte[] second = RootKeyCheck.of(rootKey);

        assertThat(first).isNotEqualTo(second);
        assertThat(RootKeyCheck.verifies(rootKey, second)).isTrue();
        String text = new String(first, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain(RootKeyCheck.LABEL)
                .doesNotContain(new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
    }

    @Test
    void aMalformedOrAlteredCheckValueDoesNotVerifyAndDoesNotThrow(@TempDir Path folder) {
        FileRootKey rootKey = FileRootKey.loadOrCreate(folder.resolve("root.key"));
        byte[] altered = RootKeyCheck.of(rootKey);
        altered[altered.length - 1] ^= 1;

        assertThat(RootKeyCheck.verifies(rootKey, altered)).isFalse();
        assertThat(RootKeyCheck.verifies(rootKey, new byte[0])).isFalse();
        assertThat(RootKeyCheck.verifies(rootKey, new byte[] {1, 2, 3})).isFalse();
        byte[] otherPlaintext = rootKey.wrap(SecretBytes.copyOf("meridian/root-key-check/v0".getBytes(StandardCharsets.US_ASCII)),
                RootKeyCheck.LABEL.getBytes(StandardCharsets.US_ASCII));
        assertThat(RootKeyCheck.verifies(rootKey, otherPlaintext)).isFalse();
    }
}
