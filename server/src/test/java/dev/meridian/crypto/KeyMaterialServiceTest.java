package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.AccountId;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeySpec;
import dev.meridian.model.Partition;
import dev.meridian.model.Region;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The typed key material and the one service that makes, wraps, unwraps, identifies and imports it. */
class KeyMaterialServiceTest {
    private static final KeyReference KEY = new KeyReference(AccountId.of("111122223333"), Region.of("eu-west-1"),
            new KeyId("0123abcd-4567-89ef-0011-223344556677"));
    private static final KeyReference OTHER_KEY = new KeyReference(AccountId.of("111122223333"),
            Region.of("eu-west-1"), new KeyId("fedcba98-4567-89ef-0011-223344556677"));
    private static final Map<String, String> CONTEXT = Map.of("purpose", "test");
    private static final byte[] PLAINTEXT = "typed material".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path folder;

    private RootKey rootKey() {
        return FileRootKey.loadOrCreate(folder.resolve("root.key"));
    }

    private static CiphertextHeader header() {
        return new CiphertextHeader(KEY.account(), KEY.keyId(), 1);
    }

    @ParameterizedTest
    @EnumSource(value = Partition.class, names = {"AWS", "AWS_CN"})
    void generatesWrapsUnwrapsAndIdentifiesMaterialOfEachPartition(Partition partition) {
        RootKey rootKey = rootKey();
        KeyMaterial material = KeyMaterialService.generate(KeySpec.SYMMETRIC_DEFAULT, partition);
        SecretBytes secret = ((SymmetricKeyMaterial) material).secret();

        assertThat(material.spec()).isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
        assertThat(secret.length()).isEqualTo(SymmetricMaterial.length(partition));
        assertThat(material.fitsPartition(partition)).isTrue();
        assertThat(material.fitsPartition(partition == Partition.AWS ? Partition.AWS_CN : Partition.AWS)).isFalse();

        byte[] wrapped = KeyMaterialService.wrap(rootKey, material, KEY, 2);
        // The stored bytes are the root key's wrapping of the raw material under the record's binding, as before.
        assertThat(rootKey.unwrap(wrapped, MaterialBinding.associatedData(KEY, 2)).equalsConstantTime(secret)).isTrue();
        KeyMaterial unwrapped = KeyMaterialService.unwrap(rootKey, KeySpec.SYMMETRIC_DEFAULT, wrapped, KEY, 2);
        assertThat(unwrapped.equalsConstantTime(material)).isTrue();
        assertThat(unwrapped).isEqualTo(material).isNotSameAs(material);

        String id = KeyMaterialService.keyMaterialId(material);
        assertThat(id).isEqualTo(KeyMaterialIds.of(secret)).hasSize(64);
        assertThat(KeyMaterialService.keyMaterialId(unwrapped)).isEqualTo(id);
        assertThat(KeyMaterialService.keyMaterialId(KeyMaterialService.generate(KeySpec.SYMMETRIC_DEFAULT, partition)))
                .isNotEqualTo(id);

        byte[] ciphertext = material.symmetric().seal(header(), PLAINTEXT, CONTEXT);
        assertThat(ciphertext[0]).isEqualTo((byte) (partition == Partition.AWS_CN
                ? SymmetricCiphertextFormat.SM4_VERSION : SymmetricCiphertextFormat.VERSION));
        assertThat(unwrapped.symmetric().open(ciphertext, CONTEXT)).isEqualTo(PLAINTEXT);
    }

    @Test
    void wrappedMaterialUnwrapsOnlyForItsKeyAndVersion() {
        RootKey rootKey = rootKey();
        KeyMaterial material = KeyMaterialService.generate(KeySpec.SYMMETRIC_DEFAULT, Partition.AWS);
        byte[] wrapped = KeyMaterialService.wrap(rootKey, material, KEY, 1);

        assertThatThrownBy(() -> KeyMaterialService.unwrap(rootKey, KeySpec.SYMMETRIC_DEFAULT, wrapped, OTHER_KEY, 1))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> KeyMaterialService.unwrap(rootKey, KeySpec.SYMMETRIC_DEFAULT, wrapped, KEY, 2))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void contentThatIsNoMaterialOfTheSpecIsRefused() {
        RootKey rootKey = rootKey();
        byte[] wrapped = rootKey.wrap(SecretBytes.random(24), MaterialBinding.associatedData(KEY, 1));

        assertThatThrownBy(() -> KeyMaterialService.unwrap(rootKey, KeySpec.SYMMETRIC_DEFAULT, wrapped, KEY, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyMaterialService.unwrap(rootKey, null, wrapped, KEY, 1))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> KeyMaterialService.generate(null, Partition.AWS))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void materialOfOneAlgorithmDoesNotOpenTheOthersCiphertext() {
        KeyMaterial aes = KeyMaterialService.generate(KeySpec.SYMMETRIC_DEFAULT, Partition.AWS);
        KeyMaterial sm4 = KeyMaterialService.generate(KeySpec.SYMMETRIC_DEFAULT, Partition.AWS_CN);

        byte[] aesCiphertext = aes.symmetric().seal(header(), PLAINTEXT, CONTEXT);
        byte[] sm4Ciphertext = sm4.symmetric().seal(header(), PLAINTEXT, CONTEXT);

        assertThatThrownBy(() -> sm4.symmetric().open(aesCiphertext, CONTEXT))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> aes.symmetric().open(sm4Ciphertext, CONTEXT))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThat(aes.equalsConstantTime(sm4)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 32})
    void importedMaterialOfAnAllowedLengthIsACopyThatFitsItsPartition(int length) {
        SecretBytes imported = SecretBytes.random(length);
        String expectedId = KeyMaterialIds.of(imported);

        KeyMaterial material = KeyMaterialService.parseImported(KeySpec.SYMMETRIC_DEFAULT, imported).orElseThrow();
        imported.destroy();

        assertThat(material.spec()).isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
        assertThat(KeyMaterialService.keyMaterialId(material)).isEqualTo(expectedId);
        assertThat(material.fitsPartition(Partition.AWS)).isEqualTo(length == 32);
        assertThat(material.fitsPartition(Partition.AWS_US_GOV)).isEqualTo(length == 32);
        assertThat(material.fitsPartition(Partition.AWS_CN)).isEqualTo(length == 16);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 17, 24, 31, 33, 48, 64})
    void importedMaterialOfAnotherLengthIsRefused(int length) {
        assertThat(KeyMaterialService.parseImported(KeySpec.SYMMETRIC_DEFAULT, SecretBytes.random(length))).isEmpty();
    }

    @Test
    void toStringRevealsNothingOfTheSecret() {
        KeyMaterial material = KeyMaterialService.generate(KeySpec.SYMMETRIC_DEFAULT, Partition.AWS);
        String hex = HexFormat.of().formatHex(((SymmetricKeyMaterial) material).secret().toByteArray());

        assertThat(material.toString()).isEqualTo("SymmetricKeyMaterial[32 bytes, redacted]");
        assertThat(material.toString().toLowerCase()).doesNotContain(hex.substring(0, 8));
        assertThat(material.hashCode()).isEqualTo(32);
    }

    @Test
    void symmetricMaterialIsItsOwnSymmetricViewAndDestroyWipesIt() {
        KeyMaterial material = KeyMaterialService.generate(KeySpec.SYMMETRIC_DEFAULT, Partition.AWS_CN);
        SecretBytes secret = ((SymmetricKeyMaterial) material).secret();

        assertThat(material.symmetric()).isSameAs(material);
        material.destroy();
        assertThat(secret.toByteArray()).containsOnly(0);
    }
}
