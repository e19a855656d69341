package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;

/** {@code meridian serve} as a user runs it: in a process of its own, stopped by a signal. */
class CommandLineIT {

    @Test
    void servesUntilSigtermThenStopsCleanlyAndKeepsItsData(@TempDir Path folder) throws Exception {
        Path data = folder.resolve("data");
        String keyId;
        try (ServerProcess server = ServerProcess.start(data)) {
            assertThat(server.endpoint()).matches("http://127\\.0\\.0\\.1:\\d+");
            try (KmsClient client = KmsTestSupport.client(server.endpoint(), "us-east-1")) {
                keyId = client.createKey(request -> { }).keyMetadata().keyId();
            }
            assertThat(server.terminate()).isEqualTo(143);
            assertThat(server.errorOutput()).contains("Meridian stopped.");
        }
        assertThat(Files.exists(data.resolve("meridian.db"))).isTrue();
        try (ServerProcess again = ServerProcess.start(data);
                KmsClient client = KmsTestSupport.client(again.endpoint(), "us-east-1")) {
            assertThat(client.describeKey(request -> request.keyId(keyId)).keyMetadata().keyId()).isEqualTo(keyId);
        }
    }

    @Test
    void serveWithASeedAnswersWithItsKeysAndRefusesAContradictingOneInOneLine(@TempDir Path folder) throws Exception {
        Path data = folder.resolve("data");
        try (ServerProcess server = ServerProcess.start(data, "--seed", Path.of("..", "examples", "seed.yaml").toString());
                KmsClient client = KmsTestSupport.client(server.endpoint(), "us-east-1")) {
            assertThat(client.describeKey(request -> request.keyId("alias/orders")).keyMetadata().keyId())
                    .isEqualTo("71afd6ba-b888-4ad8-8629-1a8e05272076");
            assertThat(server.terminate()).isEqualTo(143);
        }
        Path contradicting = Files.writeString(folder.resolve("seed.yaml"), """
                keys:
                  - keyId: 71afd6ba-b888-4ad8-8629-1a8e05272076
                    keySpec: HMAC_256
                """);
        Process process = java("serve", "--port", "0", "--data-dir", data.toString(), "--seed", contradicting.toString());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo(
                "seed.yaml line 2, column 5 (keys[0]): the store holds the key"
                        + " arn:aws:kms:us-east-1:111122223333:key/71afd6ba-b888-4ad8-8629-1a8e05272076 with key spec"
                        + " SYMMETRIC_DEFAULT and key usage ENCRYPT_DECRYPT, not HMAC_256 and GENERATE_VERIFY_MAC");
    }

    @Test
    void aRootKeyOtherThanTheStoresIsRefusedInOneLineAndTheRightOneStillServes(@TempDir Path folder) throws Exception {
        Path data = folder.resolve("data");
        String keyId;
        try (ServerProcess server = ServerProcess.start(data);
                KmsClient client = KmsTestSupport.client(server.endpoint(), "us-east-1")) {
            keyId = client.createKey(request -> { }).keyMetadata().keyId();
            assertThat(server.terminate()).isEqualTo(143);
        }
        Path other = folder.resolve("other.key");
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        Files.write(other, random);
        Process process = java("serve", "--port", "0", "--data-dir", data.toString(), "--root-key", other.toString());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(process.getInputStream().readAllBytes()).isEmpty();
        assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("The root key "
                + other.toAbsolutePath() + " is not the one this database's key material was wrapped with; start every"
                + " node with the same --root-key" + System.lineSeparator());

        try (ServerProcess again = ServerProcess.start(data, "--root-key", data.resolve("root.key").toString());
                KmsClient client = KmsTestSupport.client(again.endpoint(), "us-east-1")) {
            assertThat(client.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("still here")))
                    .keyId()).endsWith(keyId);
        }
    }

    @Test
    void nodesOnOneDatabaseShareItsKeysNeverShowAPasswordAndOneWithAnotherRootKeyIsRefused(@TempDir Path folder)
            throws Exception {
        dev.meridian.postgres.PostgresSettings database = dev.meridian.testing.PostgresTestDatabase.create();
        String url = database.jdbcUrl() + "&password=in-the-url";
        Path passwordFile = Files.writeString(folder.resolve("database-password"), " from-the-file \n");
        Path rootKey = folder.resolve("root.key");
        String[] shared = {"--database", url, "--database-password-file", passwordFile.toString()};
        try (ServerProcess first = ServerProcess.start(folder.resolve("a"), with(shared, "--root-key", rootKey.toString()));
                KmsClient client = KmsTestSupport.client(first.endpoint(), "us-east-1")) {
            String keyId = client.createKey(request -> { }).keyMetadata().keyId();
            assertThat(first.errorOutput()).contains(database.jdbcUrl() + "&password=***")
                    .doesNotContain("in-the-url").doesNotContain("from-the-file");
            assertThat(folder.resolve("a").resolve("meridian.db")).doesNotExist();

            Process refused = java(with(new String[] {"serve", "--port", "0", "--data-dir", folder.resolve("b").toString(),
                "--root-key", folder.resolve("other.key").toString()}, shared));
            assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.exitValue()).isEqualTo(1);
            assertThat(new String(refused.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)) // after the log line naming the database
                    .endsWith(System.lineSeparator() + "The root key " + folder.resolve("other.key").toAbsolutePath()
                            + " is not the one this database's key material was wrapped with; start every node with the"
                            + " same --root-key" + System.lineSeparator())
                    .doesNotContain("\tat ").doesNotContain("in-the-url");

            try (ServerProcess second = ServerProcess.start(folder.resolve("c"), with(shared, "--root-key", rootKey.toString()));
                    KmsClient other = KmsTestSupport.client(second.endpoint(), "us-east-1")) {
                assertThat(other.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("shared"))).keyId())
                        .endsWith(keyId);
            }
        }
    }

    private static String[] with(String[] first, String... more) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(first));
        all.addAll(java.util.List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void aPortInUseIsOneClearLineAndExitCodeOne(@TempDir Path folder) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Process process = java("serve", "--port", String.valueOf(taken.getLocalPort()), "--data-dir",
                    folder.resolve("data").toString());
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                    .startsWith("Cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .contains("Address already in use")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void helpDocumentsEveryServeOption() throws Exception {
        Process process = java("serve", "--help");
        String help = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(help.replaceAll("\\s+", " ")).contains("--host", "default: 127.0.0.1", "--port", "default: 8020", "--data-dir",
                "--account-id", "default: 111122223333", "--replication-delay", "default: 2s", "--key-limit",
                "default: 100000", "--audit-retention", "default: 90d", "--audit-max-size", "default: 10g");
    }

    @Test
    void aBadSizeIsRefusedWithAnExplanation() throws Exception {
        Process process = java("serve", "--audit-max-size", "lots");
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(errors).contains("'lots' is not a size such as 0, 500m, 10g (k, m, g, t: KiB, MiB, GiB, TiB)");
    }

    @Test
    void aBadDurationIsOneLineNamingEveryFormThatWorks() throws Exception {
        Process process = java("serve", "--replication-delay", "soon");
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(errors).isEqualTo("Invalid value for option '--replication-delay': 'soon' is not a duration; expected 0s,"
                + " 500ms, 2s, 1m, 1h, 90d (a whole number and ms, s, m, h or d), or ISO-8601 such as PT2S"
                + System.lineSeparator());
    }

    @Test
    void aPortOutOfRangeIsOneLineWithoutAStackTrace() throws Exception {
        Process process = java("serve", "--port", "70000");
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(errors).isEqualTo("Invalid value for option '--port': the port must be between 0 and 65535, not 70000"
                + System.lineSeparator());
    }

    @Test
    void noCommandPrintsTheUsageOnStandardErrorAndExitsWithTwo() throws Exception {
        Process process = java();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).isEmpty();
        assertThat(errors).startsWith("Usage: meridian").contains("serve");
    }

    @Test
    void strictModeServesTheIdentityFilesKeysAndAMalformedFileStopsTheStartInOneLine(@TempDir Path folder) throws Exception {
        Path identities = Files.writeString(folder.resolve("identities.json"), """
                {"accounts": [{"id": "111122223333",
                  "users": [{"name": "alice",
                             "accessKeys": [{"accessKeyId": "AKIAALICE00000000001", "secretAccessKey": "alice-secret"}],
                             "policies": [{"Version": "2012-10-17",
                                           "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}]}]}]}
                """);
        try (ServerProcess server = ServerProcess.start(folder.resolve("data"), "--identities", identities.toString());
                KmsClient alice = KmsTestSupport.pointedAt(KmsClient.builder(), server.endpoint(), "us-east-1")
                        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIAALICE00000000001",
                                        "alice-secret"))).build();
                KmsClient stranger = KmsTestSupport.client(server.endpoint(), "us-east-1")) {
            assertThat(alice.createKey(request -> { }).keyMetadata().arn()).startsWith("arn:aws:kms:us-east-1:111122223333:key/");
            KmsTestSupport.assertUndeclaredError(stranger::listKeys, "UnrecognizedClientException",
                    "The security token included in the request is invalid");
            assertThat(server.errorOutput()).doesNotContain("DEVELOPMENT MODE").doesNotContain("alice-secret");
        }
        Path malformed = Files.writeString(folder.resolve("broken.json"), """
                {"accounts": [{"id": "111122223333",
                  "roles": [{"name": "app", "trustPolicy": {"Statement": {"Effect": "Allow", "Principal": "*",
                             "Action": "sts:AssumeRole"}}, "maxSessionDuration": 50000}]}]}
                """);
        Process process = java("serve", "--port", "0", "--data-dir", folder.resolve("other").toString(), "--identities",
                malformed.toString());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo(
                "broken.json line 3, column 44 (accounts[0].roles[0].maxSessionDuration): maxSessionDuration must be"
                        + " between 3600 and 43200 seconds (1 to 12 hours), not 50000");
    }

    @Test
    void developmentModeWarnsAndRefusesANetworkAddressWithoutTheAcknowledgingFlag(@TempDir Path folder) throws Exception {
        try (ServerProcess server = ServerProcess.start(folder.resolve("data"))) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(server::errorOutput, log -> log.contains("DEVELOPMENT MODE: signatures are not verified"));
        }
        Process process = java("serve", "--port", "0", "--host", "0.0.0.0", "--data-dir", folder.resolve("other").toString());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo(
                "Development mode accepts any signature, so it listens only on a loopback address (127.0.0.1, ::1,"
                        + " localhost), not 0.0.0.0; give --identities FILE for strict mode, or --development-mode-on-network"
                        + " to expose development mode anyway");
        assertThat(folder.resolve("other")).doesNotExist();
    }

    private static Process java(String... arguments) throws IOException {
        return ServerProcess.java(arguments);
    }
}
