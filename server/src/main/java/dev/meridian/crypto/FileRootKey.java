package dev.meridian.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * A root key kept in a file of 32 random bytes, created on first start with owner-only permissions
 * ({@code rw-------}). Wrapped layout: {@code 0x01 || IV (12) || AES-256-GCM(material) || tag (16)}.
 */
public final class FileRootKey implements RootKey {
    private static final byte FORMAT_VERSION = 1;
    private final SecretBytes key;

    private FileRootKey(SecretBytes key) {
        this.key = key;
    }

    /** Reads the root key at {@code file}, creating it first if it does not exist. */
    public static FileRootKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length != 32) {
                throw new IllegalStateException("The root key file " + file + " must hold 32 bytes");
            }
            try {
                return new FileRootKey(SecretBytes.copyOf(bytes));
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the root key " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
        } catch (FileAlreadyExistsException e) {
            return;
        }
        SecretBytes fresh = SecretBytes.random(32);
        Files.write(file, fresh.unsafeBytes(), StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        fresh.destroy();
    }

    @Override
    public byte[] wrap(SecretBytes material, byte[] associatedData) {
        byte[] iv = new byte[AesGcm.IV_LENGTH];
        Randomness.fill(iv);
        byte[] sealed = AesGcm.seal(key.unsafeBytes(), iv, material.unsafeBytes(), associatedData);
        byte[] output = new byte[1 + iv.length + sealed.length];
        output[0] = FORMAT_VERSION;
        System.arraycopy(iv, 0, output, 1, iv.length);
        System.arraycopy(sealed, 0, output, 1 + iv.length, sealed.length);
        return output;
    }

    @Override
    public SecretBytes unwrap(byte[] wrapped, byte[] associatedData) {
        if (wrapped.length < 1 + AesGcm.IV_LENGTH + AesGcm.TAG_LENGTH || wrapped[0] != FORMAT_VERSION) {
            throw new AuthenticationFailedException();
        }
        byte[] material = AesGcm.open(key.unsafeBytes(), wrapped, 1, 1 + AesGcm.IV_LENGTH,
                wrapped.length - 1 - AesGcm.IV_LENGTH, associatedData);
        try {
            return SecretBytes.copyOf(material);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "FileRootKey[redacted]";
    }
}
