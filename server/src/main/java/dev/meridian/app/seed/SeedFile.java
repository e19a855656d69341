package dev.meridian.app.seed;

import dev.meridian.core.SeedPlan;
import dev.meridian.model.AccountId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a seed file (YAML, or JSON) into a {@link SeedPlan}, in one of two formats, told apart by the top level:
 * {@code format: local-kms}, or keys under {@code Keys:} (local-kms's, {@link LocalKmsSeedFormat}); else Meridian's
 * ({@code format: meridian/v1}, keys under {@code keys:}, {@link MeridianSeedFormat}). Only the file is checked
 * here; {@code core.Seeding} checks the keys and compares them with the store. Stateless.
 */
public final class SeedFile {
    private SeedFile() {
    }

    /**
     * The plan of the seed file at {@code file}; keys that name no account are {@code serverAccount}'s. Throws
     * {@link SeedFileException} (one line, naming the place) when the file cannot be read or is no seed.
     */
    public static SeedPlan read(Path file, AccountId serverAccount) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SeedFileException("The seed file " + file.toAbsolutePath().normalize() + " does not exist");
        } catch (IOException e) {
            throw new SeedFileException("The seed file " + file.toAbsolutePath().normalize() + " cannot be read: " + e);
        }
        return parse(SeedNode.fileName(file), content, serverAccount);
    }

    /** The plan of {@code content}, a seed file named {@code fileName} in messages. */
    public static SeedPlan parse(String fileName, String content, AccountId serverAccount) {
        SeedNode root = SeedNode.parse(fileName, content);
        if (root == null || root.isNull()) {
            throw new SeedFileException(fileName + ": the seed file is empty; expected keys: (Meridian's format) or"
                    + " Keys: (local-kms's)");
        }
        if (root.kind() != SeedNode.Kind.OBJECT) {
            throw new SeedFileException(root, "a seed file is a mapping with keys: (Meridian's format) or Keys:"
                    + " (local-kms's)");
        }
        SeedNode format = root.fields().get("format");
        if (format != null && format.text().trim().equals(LocalKmsSeedFormat.FORMAT)
                || format == null && LocalKmsSeedFormat.recognizes(root)) {
            return LocalKmsSeedFormat.read(root, serverAccount);
        }
        return MeridianSeedFormat.read(root, serverAccount);
    }
}
