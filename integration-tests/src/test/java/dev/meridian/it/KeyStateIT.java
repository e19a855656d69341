package dev.meridian.it;

import static dev.meridian.it.ImportSupport.importMaterial;
import static dev.meridian.it.ImportSupport.newMaterial;
import static dev.meridian.it.ImportSupport.parameters;
import static dev.meridian.it.ImportSupport.wrap;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.core.KeyStateTable;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyState;
import dev.meridian.testkit.MovableClock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * AWS's key-state table ({@link KeyStateTable}) cell by cell, through the AWS SDK against a running server: real
 * keys are brought into every state Meridian can reach (one of origin {@code AWS_KMS} and one of origin
 * {@code EXTERNAL} for each), and every implemented operation is called on each. A refused cell answers its
 * footnote's exact error type and message, with HTTP 400, and leaves the key in its state; an allowed cell
 * succeeds, where calling it changes no state that the other cells need.
 *
 * <p>The operations of other key usages run on keys of their usage brought into the same states: GenerateMac and
 * VerifyMac on HMAC keys (of both origins), Sign, Verify and GetPublicKey on ECDSA signing keys (origin
 * {@code AWS_KMS}; importing asymmetric material is not part of this test).
 *
 * <p>One server for the class, with a replication delay of one hour on a clock that is moved once, during
 * set-up, so that the {@code Creating} replicas and the {@code Updating} keys stay so. ({@code Unavailable} needs
 * a custom key store, which Meridian does not have; the unit test checks that column on the rules.)
 */
class KeyStateIT {
    private static final String PRIMARY = "eu-west-3";
    private static final String REPLICA = "eu-north-1";
    private static final String ELSEWHERE = "ap-southeast-1";
    private static final String MOVING_ALIAS = "alias/key-state-moving";
    private static final String GRANTEE = "arn:aws:iam::" + KmsTestSupport.ACCOUNT + ":role/key-state-grantee";
    private static final Duration DELAY = Duration.ofHours(1);
    private static final MovableClock CLOCK = new MovableClock();
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder().replicationDelay(DELAY)
            .clock(CLOCK));
    private static final KeyStateTable TABLE = KeyStateTable.load();
    /** Every implemented operation on an existing key (RetireGrant and RevokeGrant take every state; GrantIT). */
    private static final List<String> OPERATIONS = List.of("CancelKeyDeletion", "CreateAlias", "CreateGrant", "Decrypt",
            "DeleteImportedKeyMaterial", "DescribeKey", "DisableKey", "DisableKeyRotation", "EnableKey",
            "EnableKeyRotation", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair",
            "GenerateDataKeyPairWithoutPlaintext", "GetKeyPolicy",
            "GetKeyRotationStatus", "GetParametersForImport", "ImportKeyMaterial", "ListAliases", "ListGrants",
            "ListKeyPolicies", "ListResourceTags", "PutKeyPolicy", "ReEncrypt", "ReplicateKey", "ScheduleKeyDeletion",
            "TagResource", "UntagResource", "UpdateAlias", "UpdateKeyDescription", "UpdatePrimaryRegion",
            "RotateKeyOnDemand", "ListKeyRotations", "GetKeyLastUsage", "DeriveSharedSecret");
    /** A peer's public key for DeriveSharedSecret (P-256, DER SubjectPublicKeyInfo). */
    private static final SdkBytes PEER_PUBLIC_KEY = peerPublicKey();
    /** Allowed calls that would move the key out of its state (or change its family), so are not made. */
    private static final Set<String> NOT_CALLED_WHEN_ALLOWED = Set.of("CancelKeyDeletion", "DeleteImportedKeyMaterial",
            "DisableKey", "EnableKey", "DisableKeyRotation", "EnableKeyRotation", "ScheduleKeyDeletion", "ReplicateKey",
            "UpdatePrimaryRegion", "RotateKeyOnDemand");
    private static final Map<Kind, Map<Subject, Prepared>> PREPARED = new EnumMap<>(Kind.class);
    private static final SdkBytes MESSAGE = bytes("kept");
    private static final AtomicInteger ALIASES = new AtomicInteger();

    /** A key in one state, of one origin. */
    enum Subject {
        ENABLED_AWS_KMS(KeyState.Enabled, KeyOrigin.AWS_KMS),
        ENABLED_EXTERNAL(KeyState.Enabled, KeyOrigin.EXTERNAL),
        DISABLED_AWS_KMS(KeyState.Disabled, KeyOrigin.AWS_KMS),
        DISABLED_EXTERNAL(KeyState.Disabled, KeyOrigin.EXTERNAL),
        PENDING_DELETION_AWS_KMS(KeyState.PendingDeletion, KeyOrigin.AWS_KMS),
        PENDING_DELETION_EXTERNAL(KeyState.PendingDeletion, KeyOrigin.EXTERNAL),
        PENDING_REPLICA_DELETION_AWS_KMS(KeyState.PendingReplicaDeletion, KeyOrigin.AWS_KMS),
        PENDING_REPLICA_DELETION_EXTERNAL(KeyState.PendingReplicaDeletion, KeyOrigin.EXTERNAL),
        PENDING_IMPORT_EXTERNAL(KeyState.PendingImport, KeyOrigin.EXTERNAL),
        CREATING_AWS_KMS(KeyState.Creating, KeyOrigin.AWS_KMS),
        CREATING_EXTERNAL(KeyState.Creating, KeyOrigin.EXTERNAL),
        UPDATING_AWS_KMS(KeyState.Updating, KeyOrigin.AWS_KMS),
        UPDATING_EXTERNAL(KeyState.Updating, KeyOrigin.EXTERNAL);

        final KeyState state;
        final KeyOrigin origin;

        Subject(KeyState state, KeyOrigin origin) {
            this.state = state;
            this.origin = origin;
        }
    }

    /** A kind of key, and the operations called on it: the table's on symmetric keys, the others' on theirs. */
    enum Kind {
        SYMMETRIC(KeySpec.SYMMETRIC_DEFAULT, KeyUsageType.ENCRYPT_DECRYPT, OPERATIONS),
        HMAC(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC, List.of("GenerateMac", "VerifyMac")),
        SIGNING(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY, List.of("Sign", "Verify", "GetPublicKey"));

        final KeySpec spec;
        final KeyUsageType usage;
        final List<String> operations;

        Kind(KeySpec spec, KeyUsageType usage, List<String> operations) {
            this.spec = spec;
            this.usage = usage;
            this.operations = operations;
        }

        /** Whether this test makes keys of this kind with the origin. */
        boolean madeWith(KeyOrigin origin) {
            return this != SIGNING || origin == KeyOrigin.AWS_KMS;
        }
    }

    /**
     * A subject's key: its Region and ID, what it made while it could (a ciphertext, a MAC or a signature of
     * {@link #MESSAGE}), and for imported keys its material with import parameters fetched while they could be
     * (null for a new replica, which never could).
     */
    private record Prepared(String region, String keyId, SdkBytes made, byte[] material,
            GetParametersForImportResponse parameters) {
        String arn() {
            return KmsTestSupport.arn(region, keyId);
        }
    }

    @BeforeAll
    static void bringKeysIntoEveryState() {
        KmsClient primary = kms.client(PRIMARY);
        for (String region : List.of(PRIMARY, REPLICA)) {
            kms.client(region).createAlias(request -> request.aliasName(MOVING_ALIAS).targetKeyId(kms.createKey(region)));
        }
        // The families whose replicas must exist before their state can be reached.
        Map<Kind, Map<Subject, Prepared>> families = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            families.put(kind, new EnumMap<>(Subject.class));
            for (Subject subject : subjects(kind)) {
                if (subject.state == KeyState.PendingReplicaDeletion || subject.state == KeyState.Updating) {
                    Prepared key = enabledPrimary(kind, subject.origin);
                    primary.replicateKey(request -> request.keyId(key.keyId()).replicaRegion(REPLICA));
                    families.get(kind).put(subject, key);
                }
            }
        }
        CLOCK.advance(DELAY.plusSeconds(1));
        kms.server().runDueWork();
        families.values().forEach(family -> family.values().forEach(key -> {
            if (key.material() != null) {
                importMaterial(kms.client(REPLICA), key.keyId(), key.material());
            }
        }));

        for (Kind kind : Kind.values()) {
            Map<Subject, Prepared> prepared = new EnumMap<>(Subject.class);
            for (Subject subject : subjects(kind)) {
                Prepared key = families.get(kind).containsKey(subject) ? families.get(kind).get(subject)
                        : enabledPrimary(kind, subject.origin);
                switch (subject.state) {
                    case Disabled -> primary.disableKey(request -> request.keyId(key.keyId()));
                    case PendingDeletion, PendingReplicaDeletion -> primary.scheduleKeyDeletion(request -> request
                            .keyId(key.keyId()).pendingWindowInDays(7));
                    case PendingImport -> primary.deleteImportedKeyMaterial(request -> request.keyId(key.keyId()));
                    case Updating -> primary.updatePrimaryRegion(request -> request.keyId(key.keyId())
                            .primaryRegion(REPLICA));
                    case Creating -> primary.replicateKey(request -> request.keyId(key.keyId()).replicaRegion(REPLICA));
                    default -> { }
                }
                Prepared ready = subject.state == KeyState.Creating
                        ? new Prepared(REPLICA, key.keyId(), key.made(), key.material(), null) : key;
                assertThat(state(ready)).as("%s %s", kind, subject).isEqualTo(subject.state.name());
                prepared.put(subject, ready);
            }
            PREPARED.put(kind, prepared);
        }
    }

    private static List<Subject> subjects(Kind kind) {
        return Stream.of(Subject.values()).filter(subject -> kind.madeWith(subject.origin)).toList();
    }

    /**
     * A new multi-Region primary of the kind in {@code PRIMARY}, usable: with material imported when it is
     * {@code EXTERNAL}, and what it made.
     */
    private static Prepared enabledPrimary(Kind kind, KeyOrigin origin) {
        KmsClient client = kms.client(PRIMARY);
        String keyId = client.createKey(request -> request.multiRegion(true).keySpec(kind.spec).keyUsage(kind.usage)
                .origin(origin == KeyOrigin.EXTERNAL ? OriginType.EXTERNAL : OriginType.AWS_KMS)).keyMetadata().keyId();
        if (origin == KeyOrigin.AWS_KMS) {
            return new Prepared(PRIMARY, keyId, make(kind, keyId), null, null);
        }
        byte[] material = newMaterial();
        importMaterial(client, keyId, material);
        return new Prepared(PRIMARY, keyId, make(kind, keyId), material, parameters(client, keyId));
    }

    /** A ciphertext, a MAC or a signature of {@link #MESSAGE} made by the key. */
    private static SdkBytes make(Kind kind, String keyId) {
        KmsClient client = kms.client(PRIMARY);
        return switch (kind) {
            case SYMMETRIC -> client.encrypt(request -> request.keyId(keyId).plaintext(MESSAGE)).ciphertextBlob();
            case HMAC -> client.generateMac(request -> request.keyId(keyId).message(MESSAGE)
                    .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)).mac();
            case SIGNING -> client.sign(request -> request.keyId(keyId).message(MESSAGE)
                    .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signature();
        };
    }

    private static String state(Prepared key) {
        return kms.client(key.region()).describeKey(request -> request.keyId(key.keyId())).keyMetadata()
                .keyStateAsString();
    }

    static Stream<Arguments> cells() {
        return Stream.of(Kind.values()).flatMap(kind -> subjects(kind).stream()
                .flatMap(subject -> kind.operations.stream().map(operation -> Arguments.of(operation, subject, kind))));
    }

    @ParameterizedTest(name = "{0} on {1} ({2})")
    @MethodSource("cells")
    void everyCellHolds(String operation, Subject subject, Kind kind) {
        Prepared key = PREPARED.get(kind).get(subject);
        Optional<KeyStateTable.Answer> expected = TABLE.answer(operation, subject.state, subject.origin, key.arn());
        if (expected.isEmpty()) {
            return;
        }
        if (expected.get().allowed()) {
            if (!NOT_CALLED_WHEN_ALLOWED.contains(operation)
                    && !(operation.equals("ImportKeyMaterial") && subject.state == KeyState.PendingImport)) {
                call(operation, key);
            }
            return;
        }
        KmsException error = catchThrowableOfType(KmsException.class, () -> call(operation, key));
        assertThat(error).as("%s on %s", operation, subject).isNotNull();
        assertThat(new KeyStateTable.Answer(error.awsErrorDetails().errorCode(), error.awsErrorDetails().errorMessage()))
                .as("%s on %s", operation, subject).isEqualTo(expected.get());
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(state(key)).as("the state after a refused %s", operation).isEqualTo(subject.state.name());
    }

    /** Calls {@code operation} on the key with a request that is valid in every other respect. */
    private static void call(String operation, Prepared key) {
        KmsClient client = kms.client(key.region());
        String keyId = key.keyId();
        switch (operation) {
            case "CancelKeyDeletion" -> client.cancelKeyDeletion(request -> request.keyId(keyId));
            case "CreateAlias" -> client.createAlias(request -> request
                    .aliasName("alias/key-state-" + ALIASES.incrementAndGet()).targetKeyId(keyId));
            case "CreateGrant" -> client.createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE)
                    .operations(GrantOperation.DECRYPT));
            case "Decrypt" -> client.decrypt(request -> request.ciphertextBlob(key.made()));
            case "DeleteImportedKeyMaterial" -> client.deleteImportedKeyMaterial(request -> request.keyId(keyId));
            case "DescribeKey" -> client.describeKey(request -> request.keyId(keyId));
            case "DisableKey" -> client.disableKey(request -> request.keyId(keyId));
            case "DisableKeyRotation" -> client.disableKeyRotation(request -> request.keyId(keyId));
            case "EnableKey" -> client.enableKey(request -> request.keyId(keyId));
            case "EnableKeyRotation" -> client.enableKeyRotation(request -> request.keyId(keyId));
            case "Encrypt" -> client.encrypt(request -> request.keyId(keyId).plaintext(bytes("x")));
            case "GenerateDataKey" -> client.generateDataKey(request -> request.keyId(keyId).numberOfBytes(32));
            case "GenerateDataKeyWithoutPlaintext" -> client.generateDataKeyWithoutPlaintext(request -> request
                    .keyId(keyId).numberOfBytes(32));
            case "GenerateDataKeyPair" -> client.generateDataKeyPair(request -> request.keyId(keyId)
                    .keyPairSpec("ECC_NIST_P256"));
            case "GenerateDataKeyPairWithoutPlaintext" -> client.generateDataKeyPairWithoutPlaintext(request -> request
                    .keyId(keyId).keyPairSpec("ECC_NIST_P256"));
            case "GetKeyPolicy" -> client.getKeyPolicy(request -> request.keyId(keyId).policyName("default"));
            case "GetKeyRotationStatus" -> client.getKeyRotationStatus(request -> request.keyId(keyId));
            case "GetParametersForImport" -> parameters(client, keyId);
            case "ImportKeyMaterial" -> importKeyMaterial(client, key);
            case "ListAliases" -> client.listAliases(request -> request.keyId(keyId));
            case "ListGrants" -> client.listGrants(request -> request.keyId(keyId));
            case "ListKeyPolicies" -> client.listKeyPolicies(request -> request.keyId(keyId));
            case "ListResourceTags" -> client.listResourceTags(request -> request.keyId(keyId));
            case "PutKeyPolicy" -> client.putKeyPolicy(request -> request.keyId(keyId).policyName("default")
                    .policy(MultiRegionSupport.defaultPolicy()));
            case "ReEncrypt" -> client.reEncrypt(request -> request.ciphertextBlob(key.made())
                    .destinationKeyId(keyId));
            case "ReplicateKey" -> client.replicateKey(request -> request.keyId(keyId).replicaRegion(ELSEWHERE));
            case "ScheduleKeyDeletion" -> client.scheduleKeyDeletion(request -> request.keyId(keyId)
                    .pendingWindowInDays(7));
            case "TagResource" -> client.tagResource(request -> request.keyId(keyId)
                    .tags(software.amazon.awssdk.services.kms.model.Tag.builder().tagKey("state").tagValue("checked").build()));
            case "UntagResource" -> client.untagResource(request -> request.keyId(keyId).tagKeys("state"));
            case "UpdateAlias" -> client.updateAlias(request -> request.aliasName(MOVING_ALIAS).targetKeyId(keyId));
            case "UpdateKeyDescription" -> client.updateKeyDescription(request -> request.keyId(keyId)
                    .description("checked"));
            case "UpdatePrimaryRegion" -> client.updatePrimaryRegion(request -> request.keyId(keyId)
                    .primaryRegion(key.region().equals(PRIMARY) ? REPLICA : PRIMARY));
            case "RotateKeyOnDemand" -> client.rotateKeyOnDemand(request -> request.keyId(keyId));
            case "ListKeyRotations" -> client.listKeyRotations(request -> request.keyId(keyId));
            case "GetKeyLastUsage" -> client.getKeyLastUsage(request -> request.keyId(keyId));
            case "DeriveSharedSecret" -> deriveSharedSecretPastTheStateCheck(client, key);
            case "Sign" -> client.sign(request -> request.keyId(keyId).message(MESSAGE)
                    .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256));
            case "Verify" -> assertThat(client.verify(request -> request.keyId(keyId).message(MESSAGE)
                    .signature(key.made()).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signatureValid()).isTrue();
            case "GetPublicKey" -> client.getPublicKey(request -> request.keyId(keyId));
            case "GenerateMac" -> client.generateMac(request -> request.keyId(keyId).message(MESSAGE)
                    .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256));
            case "VerifyMac" -> assertThat(client.verifyMac(request -> request.keyId(keyId).message(MESSAGE)
                    .mac(key.made()).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)).macValid()).isTrue();
            default -> throw new IllegalArgumentException(operation);
        }
    }

    /**
     * The key's own material again with the parameters fetched for it; a key that never had parameters (not
     * imported, or a new replica) gets a token and material of the right form that no check reaches.
     */
    private static void importKeyMaterial(KmsClient client, Prepared key) {
        GetParametersForImportResponse parameters = key.parameters();
        SdkBytes token = parameters == null ? SdkBytes.fromByteArray(new byte[512]) : parameters.importToken();
        SdkBytes material = parameters == null ? SdkBytes.fromByteArray(new byte[256])
                : wrap(parameters, AlgorithmSpec.RSAES_OAEP_SHA_256, key.material());
        client.importKeyMaterial(request -> request.keyId(key.keyId()).importToken(token).encryptedKeyMaterial(material)
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
    }

    /**
     * DeriveSharedSecret on these keys (symmetric: the families of every state are symmetric keys): the state is
     * checked before the usage, so a state the operation allows reaches the usage check and its
     * {@code InvalidKeyUsageException}, which is the allowed answer here; a refused state throws its own error.
     */
    private static void deriveSharedSecretPastTheStateCheck(KmsClient client, Prepared key) {
        InvalidKeyUsageException usage = null;
        try {
            client.deriveSharedSecret(request -> request.keyId(key.keyId()).keyAgreementAlgorithm("ECDH")
                    .publicKey(PEER_PUBLIC_KEY));
        } catch (InvalidKeyUsageException pastTheStateCheck) {
            usage = pastTheStateCheck;
        }
        assertThat(usage).as("DeriveSharedSecret past the state check").isNotNull();
        assertThat(usage.awsErrorDetails().errorMessage()).isEqualTo(KmsTestSupport.arn(key.region(), key.keyId())
                + " key usage is ENCRYPT_DECRYPT which is not valid for DeriveSharedSecret.");
    }

    private static SdkBytes peerPublicKey() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            return SdkBytes.fromByteArray(generator.generateKeyPair().getPublic().getEncoded());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
