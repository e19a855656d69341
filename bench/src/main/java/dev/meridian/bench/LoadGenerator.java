package dev.meridian.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Closed-loop HTTP load generator for AWS-KMS-compatible endpoints (Meridian, moto_server, ...).
 *
 * <p>It opens {@code --connections} persistent keep-alive connections on a few Netty event-loop
 * threads; each sends a SigV4-signed JSON 1.1 request ({@code X-Amz-Target: TrentService.<op>})
 * and the next one as soon as the response arrives. Latencies of the responses after the warmup
 * go to an HdrHistogram; the summary gives throughput and latency percentiles, or one JSON line
 * with {@code --json}.
 */
@Command(name = "meridian-bench", mixinStandardHelpOptions = true, sortOptions = false,
        version = "meridian-bench: closed-loop KMS load generator of Meridian",
        description = "Closed-loop load generator for AWS-KMS-compatible endpoints (JSON 1.1 over HTTP, SigV4).")
public final class LoadGenerator implements Callable<Integer> {
    private static final Duration LONGEST_SIGNATURE_REUSE = Duration.ofSeconds(60);
    private static final String LOGBACK_CONFIGURATION_PROPERTY = "logback.configurationFile";
    private static final String LOGBACK_CONFIGURATION_RESOURCE = "meridian-bench-logback.xml";

    @Spec
    private CommandSpec spec;

    @Option(names = "--endpoint", required = true, description = "KMS endpoint, e.g. http://127.0.0.1:5001")
    private URI endpoint;

    @Option(names = "--operation", defaultValue = "Encrypt", converter = KmsOperation.Converter.class,
            description = "Encrypt, Decrypt, GenerateDataKey, Sign, Verify, GenerateMac, VerifyMac or CreateKey"
                    + " (default: ${DEFAULT-VALUE}).")
    private KmsOperation operation;

    @Option(names = "--key-spec", paramLabel = "SPEC",
            description = "KeySpec of the key made first, e.g. RSA_2048, ECC_NIST_P256, HMAC_256; required for"
                    + " Sign, Verify, GenerateMac and VerifyMac unless --key-id is given.")
    private String keySpec;

    @Option(names = "--algorithm", paramLabel = "ALGORITHM",
            description = "SigningAlgorithm or MacAlgorithm of every request (default: the first the key lists).")
    private String algorithm;

    @Option(names = "--connections", defaultValue = "32", description = "Persistent connections (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = "--duration", defaultValue = "20s", converter = DurationConverter.class,
            description = "Measured time, e.g. 20s, 2m (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
            description = "Unmeasured time before measuring (default: ${DEFAULT-VALUE}).")
    private Duration warmup;

    @Option(names = "--payload-bytes", defaultValue = "512",
            description = "Plaintext or message size (default: ${DEFAULT-VALUE}).")
    private int payloadBytes;

    @Option(names = "--region", defaultValue = "us-east-1", description = "SigV4 signing region (default: ${DEFAULT-VALUE}).")
    private String region;

    @Option(names = "--key-id",
            description = "Key to use; when absent a key is made with CreateKey first (with --key-spec).")
    private String keyId;

    @Option(names = "--threads", defaultValue = "1", description = "Event-loop threads (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--transport", defaultValue = "AUTO", description = "AUTO, NIO or EPOLL (default: ${DEFAULT-VALUE}).")
    private LoadRun.Transport transport;

    @Option(names = "--signature-reuse", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long the SigV4 headers of a distinct request are reused, at most 60s; 0 signs every request (default: ${DEFAULT-VALUE}).")
    private Duration signatureReuse;

    @Option(names = "--access-key-id", defaultValue = "${env:AWS_ACCESS_KEY_ID:-AKIAIOSFODNN7EXAMPLE}",
            description = "Access key id to sign with (default: $AWS_ACCESS_KEY_ID or a placeholder).")
    private String accessKeyId;

    @Option(names = "--secret-access-key", defaultValue = "${env:AWS_SECRET_ACCESS_KEY:-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}",
            description = "Secret key to sign with (default: $AWS_SECRET_ACCESS_KEY or a placeholder).")
    private String secretAccessKey;

    @Option(names = "--encryption-context", paramLabel = "KEY=VALUE",
            description = "An encryption context pair of every Encrypt request; repeatable.")
    private Map<String, String> encryptionContext = new LinkedHashMap<>();

    @Option(names = "--key-policy", paramLabel = "FILE",
            description = "The key policy (JSON) of the key made first; needs no --key-id.")
    private Path keyPolicy;

    @Option(names = "--json", description = "Print the result as one JSON line instead of the summary.")
    private boolean json;

    @Option(names = "--json-output", paramLabel = "FILE",
            description = "Also append the result as one JSON line to FILE (the summary still goes to standard output).")
    private Path jsonOutput;

    /** Runs the command line and exits with its status. */
    public static void main(String[] arguments) {
        if (System.getProperty(LOGBACK_CONFIGURATION_PROPERTY) == null) {
            System.setProperty(LOGBACK_CONFIGURATION_PROPERTY, LOGBACK_CONFIGURATION_RESOURCE);
        }
        CommandLine commandLine = new CommandLine(new LoadGenerator()).setCaseInsensitiveEnumValuesAllowed(true);
        System.exit(commandLine.execute(arguments));
    }

    @Override
    public Integer call() throws InterruptedException {
        validate();
        PrintWriter progress = spec.commandLine().getErr();
        PrintWriter output = spec.commandLine().getOut();
        ObjectMapper mapper = new ObjectMapper();
        RequestSigner signer = new RequestSigner(endpoint, region, accessKeyId, secretAccessKey);
        SetupClient setupClient = new SetupClient(endpoint, signer, mapper);
        try {
            String policy = keyPolicy == null ? null : Files.readString(keyPolicy, StandardCharsets.UTF_8);
            BenchmarkKey key = BenchmarkKey.prepare(operation, keyId, keySpec, algorithm, policy, setupClient);
            progress.printf("%s key %s%n", keyId == null ? "created" : "using", key.describe());
            Workload workload = Workload.prepare(operation, key, payloadBytes, connections, encryptionContext,
                    setupClient, mapper,
                    new SecureRandom());
            progress.printf("%s against %s: %d connections, %s warmup, %s measured%n", operation.operationName(),
                    endpoint, connections, readable(warmup), readable(duration));
            progress.flush();
            RunResult result = new LoadRun(new LoadRun.Settings(endpoint, workload, signer, connections, threads,
                    transport, warmup, duration, signatureReuse)).execute();
            String jsonLine = result.toJson(mapper) + System.lineSeparator();
            output.print(json ? jsonLine : result.toSummary());
            if (jsonOutput != null) {
                Files.writeString(jsonOutput, jsonLine, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            output.flush();
            return result.requests() > 0 && result.errors() == 0 ? 0 : 1;
        } catch (IllegalStateException | IOException exception) {
            progress.println("error: " + exception.getMessage());
            return 2;
        }
    }

    private void validate() {
        String scheme = endpoint.getScheme();
        if (!"http".equalsIgnoreCase(scheme) || endpoint.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--endpoint must be http://host[:port][/path]");
        }
        if (!operation.isLoadOperation()) {
            throw new ParameterException(spec.commandLine(),
                    "--operation must be Encrypt, Decrypt, GenerateDataKey, Sign, Verify, GenerateMac, VerifyMac or CreateKey");
        }
        if (keySpec != null && keyId != null) {
            throw new ParameterException(spec.commandLine(), "--key-spec and --key-id exclude each other");
        }
        if (keyPolicy != null && keyId != null) {
            throw new ParameterException(spec.commandLine(), "--key-policy and --key-id exclude each other");
        }
        if (!encryptionContext.isEmpty() && operation != KmsOperation.ENCRYPT) {
            throw new ParameterException(spec.commandLine(), "--encryption-context applies to Encrypt only");
        }
        if (operation.algorithmsField() == null) {
            if (algorithm != null) {
                throw new ParameterException(spec.commandLine(),
                        "--algorithm applies to Sign, Verify, GenerateMac and VerifyMac only");
            }
            if (keySpec != null && !"SYMMETRIC_DEFAULT".equals(keySpec)) {
                throw new ParameterException(spec.commandLine(),
                        "--key-spec of " + operation.operationName() + " must be SYMMETRIC_DEFAULT");
            }
        } else if (keySpec == null && keyId == null) {
            throw new ParameterException(spec.commandLine(),
                    operation.operationName() + " needs --key-spec (the key to make) or --key-id");
        }
        requirePositive(connections, "--connections");
        requirePositive(threads, "--threads");
        requirePositive(payloadBytes, "--payload-bytes");
        if (payloadBytes > 4096) {
            throw new ParameterException(spec.commandLine(),
                    "--payload-bytes is at most 4096, the KMS limit of a plaintext or message");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--duration must be positive");
        }
        if (warmup.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--warmup must not be negative");
        }
        if (signatureReuse.isNegative() || signatureReuse.compareTo(LONGEST_SIGNATURE_REUSE) > 0) {
            throw new ParameterException(spec.commandLine(), "--signature-reuse must be between 0s and 60s");
        }
    }

    private void requirePositive(int value, String option) {
        if (value <= 0) {
            throw new ParameterException(spec.commandLine(), option + " must be positive");
        }
    }

    private static String readable(Duration value) {
        return value.toMillis() % 1000 == 0 ? value.toSeconds() + "s" : value.toMillis() + "ms";
    }
}
