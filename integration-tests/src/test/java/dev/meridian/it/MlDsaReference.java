package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ML-DSA outside Meridian, for independent checks: Python's {@code cryptography} package (48 or later, whose
 * bundled OpenSSL has FIPS 204 ML-DSA) verifies signatures over a message with the public key from GetPublicKey,
 * and Python's own {@code hashlib.shake_256} computes the message representative μ = SHAKE256(SHAKE256(pk, 64) ||
 * 0x00 || 0x00 || M, 64) of FIPS 204 section 6.2 (pure ML-DSA, empty context) for EXTERNAL_MU. Neither the JDK 17
 * nor the system's OpenSSL 3.0 has ML-DSA, so this is the independent implementation the build machine offers;
 * {@link #available()} says whether it is there. Runs {@code python3} in a temporary folder; stateless.
 */
final class MlDsaReference {
    private static final String SCRIPT = String.join("\n",
            "import sys, hashlib",
            "from cryptography.exceptions import InvalidSignature",
            "from cryptography.hazmat.primitives import serialization",
            "from cryptography.hazmat.primitives.asymmetric import mldsa",
            "def read(name):",
            "    with open(name, 'rb') as f:",
            "        return f.read()",
            "command = sys.argv[1]",
            "if command == 'probe':",
            "    mldsa.MLDSA65PrivateKey.generate()",
            "    print('ready')",
            "elif command == 'generate':",
            "    key = mldsa.MLDSA65PrivateKey.generate()",
            "    print(key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,",
            "        serialization.NoEncryption()).hex())",
            "    print(key.public_key().public_bytes(serialization.Encoding.DER,",
            "        serialization.PublicFormat.SubjectPublicKeyInfo).hex())",
            "else:",
            "    key = serialization.load_der_public_key(read('public.der'))",
            "    if not isinstance(key, (mldsa.MLDSA44PublicKey, mldsa.MLDSA65PublicKey, mldsa.MLDSA87PublicKey)):",
            "        raise SystemExit('not an ML-DSA public key')",
            "    message = read('message.bin')",
            "    if command == 'mu':",
            "        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)",
            "        tr = hashlib.shake_256(raw).digest(64)",
            "        print(hashlib.shake_256(tr + b'\\x00\\x00' + message).digest(64).hex())",
            "    else:",
            "        try:",
            "            key.verify(read('signature.bin'), message)",
            "            print('valid')",
            "        except InvalidSignature:",
            "            print('invalid')",
            "");

    private MlDsaReference() {
    }

    /** Whether {@code python3} with ML-DSA in its {@code cryptography} package is installed. */
    static boolean available() {
        try {
            return run(new byte[0], new byte[0], null, "probe").equals("ready");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether {@code signature} is a valid ML-DSA signature (pure, empty context) of {@code message}. */
    static boolean verifies(byte[] publicKeyInfo, byte[] message, byte[] signature) {
        String answer = run(publicKeyInfo, message, signature, "verify");
        assertThat(answer).isIn("valid", "invalid");
        return answer.equals("valid");
    }

    /** A fresh ML-DSA-65 key pair made by Python's {@code cryptography}: its PKCS#8 DER and its SPKI DER. */
    static byte[][] generate65() {
        String[] lines = run(new byte[0], new byte[0], null, "generate").split("\n");
        return new byte[][] {HexFormat.of().parseHex(lines[0].strip()), HexFormat.of().parseHex(lines[1].strip())};
    }

    /** μ of {@code message} under the public key, computed with Python's SHAKE256. */
    static byte[] mu(byte[] publicKeyInfo, byte[] message) {
        return HexFormat.of().parseHex(run(publicKeyInfo, message, null, "mu"));
    }

    private static String run(byte[] publicKeyInfo, byte[] message, byte[] signature, String command) {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("mldsa");
            Files.write(folder.resolve("public.der"), publicKeyInfo);
            Files.write(folder.resolve("message.bin"), message);
            if (signature != null) {
                Files.write(folder.resolve("signature.bin"), signature);
            }
            Process process = new ProcessBuilder("python3", "-c", SCRIPT, command).directory(folder.toFile())
                    .redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("python3 did not answer");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new IllegalStateException("python3 " + command + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            delete(folder);
        }
    }

    private static void delete(Path folder) {
        if (folder == null) {
            return;
        }
        try (var files = Files.list(folder)) {
            List<Path> all = new ArrayList<>(files.toList());
            for (Path file : all) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
