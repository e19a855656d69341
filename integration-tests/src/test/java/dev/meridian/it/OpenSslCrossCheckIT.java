package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * Meridian's signatures, public keys and MACs checked by an implementation that is not Meridian's: the
 * {@code openssl} command (3.x), run as a process on files. For every signing key spec and algorithm: the public
 * key from GetPublicKey (DER SubjectPublicKeyInfo) is read by {@code openssl pkey}, which names its curve or size;
 * a RAW signature verifies with {@code openssl dgst -verify} ({@code openssl pkeyutl -verify -rawin} for
 * Ed25519) and a DIGEST signature with {@code openssl pkeyutl -verify} over the digest; a signature over another
 * message fails there. For every HMAC spec: GenerateMac over an imported secret equals
 * {@code openssl dgst -mac HMAC -macopt hexkey:...}, and VerifyMac accepts OpenSSL's MAC and refuses one over
 * another message. Skipped (an assumption) where {@code openssl} is not installed.
 *
 * <p>Not here: ED25519_PH_SHA_512 (Ed25519ph), which OpenSSL 3.0's command line cannot verify (3.2 added the
 * {@code instance} option); Ed25519IT checks it with BouncyCastle.
 */
class OpenSslCrossCheckIT {
    private static final String REGION = "ap-northeast-1";
    private static final byte[] MESSAGE = "Meridian, checked by OpenSSL".getBytes(StandardCharsets.UTF_8);
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();
    private static KmsClient client;
    private static final Map<KeySpec, String> SIGNING_KEYS = new EnumMap<>(KeySpec.class);

    /** A signing algorithm of a key spec: OpenSSL's digest, its PSS salt length (0 for none), and the key's text. */
    record Signing(KeySpec spec, SigningAlgorithmSpec algorithm, String digest, int pssSaltLength,
            String publicKeyText) {
        @Override
        public String toString() {
            return spec + " " + algorithm;
        }
    }

    @BeforeAll
    static void start() {
        assumeThat(opensslVersion()).as("the openssl command").startsWith("OpenSSL 3");
        client = kms.client(REGION);
    }

    static Stream<Signing> signings() {
        List<Signing> all = new ArrayList<>(List.of(
                new Signing(KeySpec.ECC_NIST_P256, SigningAlgorithmSpec.ECDSA_SHA_256, "sha256", 0, "ASN1 OID: prime256v1"),
                new Signing(KeySpec.ECC_NIST_P384, SigningAlgorithmSpec.ECDSA_SHA_384, "sha384", 0, "ASN1 OID: secp384r1"),
                new Signing(KeySpec.ECC_NIST_P521, SigningAlgorithmSpec.ECDSA_SHA_512, "sha512", 0, "ASN1 OID: secp521r1"),
                new Signing(KeySpec.ECC_SECG_P256_K1, SigningAlgorithmSpec.ECDSA_SHA_256, "sha256", 0, "ASN1 OID: secp256k1"),
                new Signing(KeySpec.ECC_NIST_EDWARDS25519, SigningAlgorithmSpec.ED25519_SHA_512, null, 0,
                        "ED25519 Public-Key:"),
                new Signing(KeySpec.RSA_3072, SigningAlgorithmSpec.RSASSA_PSS_SHA_384, "sha384", 48,
                        "Public-Key: (3072 bit)"),
                new Signing(KeySpec.RSA_3072, SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_512, "sha512", 0,
                        "Public-Key: (3072 bit)")));
        for (String bits : List.of("256", "384", "512")) {
            all.add(new Signing(KeySpec.RSA_2048, SigningAlgorithmSpec.fromValue("RSASSA_PKCS1_V1_5_SHA_" + bits),
                    "sha" + bits, 0, "Public-Key: (2048 bit)"));
            all.add(new Signing(KeySpec.RSA_2048, SigningAlgorithmSpec.fromValue("RSASSA_PSS_SHA_" + bits),
                    "sha" + bits, Integer.parseInt(bits) / 8, "Public-Key: (2048 bit)"));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signings")
    void openSslReadsThePublicKeyAndVerifiesRawSignatures(Signing signing, @TempDir Path folder) throws Exception {
        String keyId = signingKey(signing.spec());
        Path publicKey = publicKeyPem(keyId, folder);
        assertThat(openssl(folder, "pkey", "-pubin", "-in", publicKey.toString(), "-noout", "-text").checked().output())
                .contains(signing.publicKeyText());

        byte[] signature = sign(keyId, signing.algorithm(), MESSAGE, MessageType.RAW);
        Files.write(folder.resolve("message.bin"), MESSAGE);
        Files.write(folder.resolve("other.bin"), "another message".getBytes(StandardCharsets.UTF_8));
        Files.write(folder.resolve("signature.bin"), signature);

        assertThat(verifyRaw(folder, signing, "message.bin")).as("OpenSSL verifies the signature").isTrue();
        assertThat(verifyRaw(folder, signing, "other.bin")).as("OpenSSL refuses it over another message").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signings")
    void openSslVerifiesSignaturesOfDigests(Signing signing, @TempDir Path folder) throws Exception {
        assumeThat(signing.digest()).as("a signing algorithm that signs digests").isNotNull();
        String keyId = signingKey(signing.spec());
        Path publicKey = publicKeyPem(keyId, folder);
        byte[] digest = digest(signing.digest(), MESSAGE);
        byte[] signature = sign(keyId, signing.algorithm(), digest, MessageType.DIGEST);
        Files.write(folder.resolve("digest.bin"), digest);
        Files.write(folder.resolve("other.bin"), digest(signing.digest(), "another message".getBytes(StandardCharsets.UTF_8)));
        Files.write(folder.resolve("signature.bin"), signature);

        assertThat(verifyDigest(folder, publicKey, signing, "digest.bin")).as("OpenSSL verifies the signature").isTrue();
        assertThat(verifyDigest(folder, publicKey, signing, "other.bin")).as("OpenSSL refuses another digest").isFalse();
        // A DIGEST signature is the RAW signature of the message the digest was taken of.
        Files.write(folder.resolve("message.bin"), MESSAGE);
        assertThat(verifyRaw(folder, signing, "message.bin")).isTrue();
    }

    static Stream<Arguments> macs() {
        return Stream.of(Arguments.of(KeySpec.HMAC_224, MacAlgorithmSpec.HMAC_SHA_224, "sha224", 28),
                Arguments.of(KeySpec.HMAC_256, MacAlgorithmSpec.HMAC_SHA_256, "sha256", 32),
                Arguments.of(KeySpec.HMAC_384, MacAlgorithmSpec.HMAC_SHA_384, "sha384", 48),
                Arguments.of(KeySpec.HMAC_512, MacAlgorithmSpec.HMAC_SHA_512, "sha512", 64),
                Arguments.of(KeySpec.HMAC_512, MacAlgorithmSpec.HMAC_SHA_512, "sha512", 128));
    }

    @ParameterizedTest(name = "{0} with a secret of {3} bytes")
    @MethodSource("macs")
    void generateMacOverAnImportedSecretIsOpenSslsHmac(KeySpec spec, MacAlgorithmSpec algorithm, String digest,
            int secretLength, @TempDir Path folder) throws Exception {
        String keyId = client.createKey(request -> request.keySpec(spec).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)
                .origin(OriginType.EXTERNAL)).keyMetadata().keyId();
        byte[] secret = ImportSupport.random(secretLength);
        ImportSupport.importMaterial(client, keyId, secret);
        Files.write(folder.resolve("message.bin"), MESSAGE);
        Files.write(folder.resolve("other.bin"), "another message".getBytes(StandardCharsets.UTF_8));
        byte[] openSslMac = hmac(folder, digest, secret, "message.bin");
        byte[] otherMac = hmac(folder, digest, secret, "other.bin");

        byte[] meridianMac = client.generateMac(request -> request.keyId(keyId).macAlgorithm(algorithm)
                .message(SdkBytes.fromByteArray(MESSAGE))).mac().asByteArray();
        assertThat(meridianMac).isEqualTo(openSslMac);
        assertThat(client.verifyMac(request -> request.keyId(keyId).macAlgorithm(algorithm)
                .message(SdkBytes.fromByteArray(MESSAGE)).mac(SdkBytes.fromByteArray(openSslMac))).macValid()).isTrue();
        KmsTestSupport.assertKmsError(() -> client.verifyMac(request -> request.keyId(keyId).macAlgorithm(algorithm)
                .message(SdkBytes.fromByteArray(MESSAGE)).mac(SdkBytes.fromByteArray(otherMac))),
                KmsInvalidMacException.class, null);
    }

    /**
     * The signing key of a spec, made once for the class: RSA key generation is slow on a loaded machine, and every
     * algorithm of a spec signs with the same key.
     */
    private static synchronized String signingKey(KeySpec spec) {
        return SIGNING_KEYS.computeIfAbsent(spec, ignored -> client.createKey(request -> request.keySpec(spec)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId());
    }

    private static byte[] sign(String keyId, SigningAlgorithmSpec algorithm, byte[] message, MessageType type) {
        return client.sign(request -> request.keyId(keyId).signingAlgorithm(algorithm).messageType(type)
                .message(SdkBytes.fromByteArray(message))).signature().asByteArray();
    }

    /** The key's public key from GetPublicKey, converted from DER to PEM by OpenSSL (which parses it). */
    private static Path publicKeyPem(String keyId, Path folder) throws Exception {
        Path der = folder.resolve("public.der");
        Files.write(der, client.getPublicKey(request -> request.keyId(keyId)).publicKey().asByteArray());
        Path pem = folder.resolve("public.pem");
        openssl(folder, "pkey", "-pubin", "-inform", "DER", "-in", der.toString(), "-out", pem.toString()).succeeded();
        assertThat(Files.readString(pem)).startsWith("-----BEGIN PUBLIC KEY-----");
        return pem;
    }

    private static boolean verifyRaw(Path folder, Signing signing, String message) throws Exception {
        if (signing.digest() == null) {
            return openssl(folder, "pkeyutl", "-verify", "-pubin", "-inkey", "public.pem", "-rawin", "-in", message,
                    "-sigfile", "signature.bin").ok("Signature Verified Successfully");
        }
        List<String> command = new ArrayList<>(List.of("dgst", "-" + signing.digest(), "-verify", "public.pem",
                "-signature", "signature.bin"));
        if (signing.pssSaltLength() > 0) {
            command.addAll(List.of("-sigopt", "rsa_padding_mode:pss", "-sigopt",
                    "rsa_pss_saltlen:" + signing.pssSaltLength()));
        }
        command.add(message);
        return openssl(folder, command.toArray(String[]::new)).ok("Verified OK");
    }

    private static boolean verifyDigest(Path folder, Path publicKey, Signing signing, String digest) throws Exception {
        List<String> command = new ArrayList<>(List.of("pkeyutl", "-verify", "-pubin", "-inkey", publicKey.toString(),
                "-in", digest, "-sigfile", "signature.bin", "-pkeyopt", "digest:" + signing.digest()));
        if (signing.pssSaltLength() > 0) {
            command.addAll(List.of("-pkeyopt", "rsa_padding_mode:pss", "-pkeyopt",
                    "rsa_pss_saltlen:" + signing.pssSaltLength()));
        }
        return openssl(folder, command.toArray(String[]::new)).ok("Signature Verified Successfully");
    }

    private static byte[] hmac(Path folder, String digest, byte[] secret, String message) throws Exception {
        Path out = folder.resolve(message + ".mac");
        openssl(folder, "dgst", "-" + digest, "-mac", "HMAC", "-macopt", "hexkey:" + HexFormat.of().formatHex(secret),
                "-binary", "-out", out.toString(), message).succeeded();
        return Files.readAllBytes(out);
    }

    private static byte[] digest(String name, byte[] message) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-" + name.substring(3)).digest(message);
    }

    /** What an {@code openssl} run printed (standard output and error together) and its exit code. */
    private record Run(String command, int exitCode, String output) {
        void succeeded() {
            assertThat(exitCode).as(command + ": " + output).isZero();
        }

        /** Succeeded and printed {@code expected}; false when it failed. */
        boolean ok(String expected) {
            if (exitCode != 0) {
                return false;
            }
            assertThat(output).as(command).contains(expected);
            return true;
        }

        Run checked() {
            succeeded();
            return this;
        }
    }

    private static Run openssl(Path folder, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(String.join(" ", command), process.exitValue(), output);
    }

    /** {@code openssl version}, or empty when the command cannot be run. */
    private static String opensslVersion() {
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? output.strip() : "";
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }
}
