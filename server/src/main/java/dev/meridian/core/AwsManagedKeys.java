package dev.meridian.core;

import dev.meridian.crypto.KeyMaterial;
import dev.meridian.crypto.KeyMaterialService;
import dev.meridian.model.Alias;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyManager;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyState;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.MaterialInfo;
import dev.meridian.model.RequestContext;
import dev.meridian.model.WrappedMaterial;
import dev.meridian.policy.PolicyDocument;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The AWS managed keys, as AWS KMS has them. Every account and Region has the predefined aliases
 * {@code alias/aws/<service>} ({@link AwsManagedKeyCatalog}); the first operation that names one creates its key:
 * symmetric, single-Region, {@code KeyManager} {@code AWS}, AWS's description and key policy for that service, and
 * automatic rotation every 365 days. Nobody may change such a key: management operations that its key policy
 * does not allow to the account directly are refused with AWS's {@code AccessDeniedException}. Thread-safe.
 *
 * <p>Creation is one write through the registry, like CreateKey's, so it is durable once it returns; the write
 * checks again that the alias is still missing, so two first uses at once create one key. On a
 * {@link NonBlocking} thread (an event loop) it never writes: it throws
 * {@link NonBlocking.WriteRequiredException}, and the wire runs the operation again on its worker pool. Once the
 * key exists, the alias resolves from memory like any other, so this costs nothing after the first use.
 *
 * <p>AWS managed keys do not count against the key quota (the registry leaves them out of its count).
 */
public final class AwsManagedKeys {
    static final int ROTATION_PERIOD_IN_DAYS = 365;
    private static final String PREFIX = "alias/aws/";
    private static final Set<String> CRYPTOGRAPHIC_OPERATIONS = Set.of("Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey",
            "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "Sign",
            "Verify", "GenerateMac", "VerifyMac", "DeriveSharedSecret", "GenerateRandom");
    private final KeyRegistry registry;
    private final KeyResolver resolver;
    private final Clock clock;
    private final AwsManagedKeyCatalog catalog;

    AwsManagedKeys(KeyRegistry registry, Clock clock) {
        this(registry, clock, AwsManagedKeyCatalog.defaultCatalog());
    }

    AwsManagedKeys(KeyRegistry registry, Clock clock, AwsManagedKeyCatalog catalog) {
        this.registry = registry;
        this.resolver = new KeyResolver(registry);
        this.clock = clock;
        this.catalog = catalog;
    }

    /** Whether {@code aliasName} is a predefined AWS alias, whose key AWS creates on first use. */
    boolean isPredefined(String aliasName) {
        return aliasName.startsWith(PREFIX) && catalog.entry(aliasName) != null;
    }

    /** The predefined aliases of the caller's account and Region, in name order, as if none had a key yet. */
    List<Alias> predefinedAliases(RequestContext caller) {
        return catalog.entries().stream()
                .map(entry -> Alias.predefined(caller.account(), caller.region(), entry.aliasName()))
                .toList();
    }

    /**
     * The key of a predefined alias in the caller's account and Region, created now (key, material and alias in
     * one write) unless it exists already. Throws {@link NonBlocking.WriteRequiredException} on a non-blocking
     * thread when the key must be created.
     */
    KeyReference materialize(RequestContext caller, String aliasName) {
        AwsManagedKeyCatalog.Entry entry = catalog.entry(aliasName);
        if (entry == null) {
            throw new IllegalArgumentException("Not a predefined AWS alias: " + aliasName);
        }
        if (NonBlocking.isCurrentThread()) {
            throw new NonBlocking.WriteRequiredException();
        }
        return registry.write(mutation -> {
            Alias existing = registry.alias(caller.account(), caller.region(), aliasName);
            if (existing != null) {
                return new KeyReference(caller.account(), caller.region(), existing.targetKeyId());
            }
            Instant now = clock.instant();
            KeyReference reference = new KeyReference(caller.account(), caller.region(), KeyId.newSingleRegion());
            KeyRecord record = KeyRecord.builder()
                    .reference(reference)
                    .keyManager(KeyManager.AWS)
                    .description(entry.description())
                    .policy(entry.policy(caller.account(), caller.region()))
                    .state(KeyState.Enabled)
                    .creationDate(now)
                    .origin(KeyOrigin.AWS_KMS)
                    .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                    .keyUsage(KeyUsage.ENCRYPT_DECRYPT)
                    .currentMaterialVersion(1)
                    .rotationEnabled(true)
                    .rotationPeriodInDays(ROTATION_PERIOD_IN_DAYS)
                    .nextRotationDate(now.plus(Duration.ofDays(ROTATION_PERIOD_IN_DAYS)))
                    .build();
            mutation.putKey(record);
            KeyMaterial material = KeyMaterialService.generate(record.keySpec(), reference.region().partition());
            try {
                mutation.putMaterial(new WrappedMaterial(reference, 1,
                        KeyMaterialService.wrap(registry.rootKey(), material, reference, 1),
                        MaterialInfo.initial(KeyMaterialService.keyMaterialId(material), now)));
            } finally {
                material.destroy();
            }
            mutation.putAlias(new Alias(caller.account(), caller.region(), aliasName, reference.keyId(), now, now));
            return reference;
        });
    }

    /**
     * Whether {@link #checkDirectAccess} guards {@code operation}: every operation but the cryptographic ones
     * (which Meridian lets through until key policies are enforced), the reads ({@code Describe*}, {@code Get*},
     * {@code List*}, which AWS managed keys' policies let the account do) and RetireGrant (which the grant's
     * retiring principal may do whatever the key policy says).
     */
    public static boolean guards(String operation) {
        return !CRYPTOGRAPHIC_OPERATIONS.contains(operation) && !operation.startsWith("Describe")
                && !operation.startsWith("Get") && !operation.startsWith("List") && !operation.equals("RetireGrant");
    }

    /**
     * Refuses {@code operation} (a KMS operation name, such as {@code DisableKey}) on the key {@code keyId} names
     * when it is an AWS managed key whose key policy does not allow the operation to the caller directly, with the
     * {@code AccessDeniedException} AWS answers then. Does nothing for any other key, or when {@code keyId} names no
     * key (the operation then answers as usual).
     */
    public void checkDirectAccess(RequestContext caller, String operation, String keyId) {
        if (keyId == null || !guards(operation)) {
            return;
        }
        KeyRecord key;
        try {
            key = resolver.locate(caller, keyId, KeyResolver.AliasNames.REFUSED).record();
        } catch (KmsException e) {
            return;
        }
        String action = "kms:" + operation;
        if (key.keyManager() == KeyManager.AWS
                && !PolicyDocument.parse(key.policy()).allows(caller.principal(), action)) {
            throw new KmsException(ErrorCode.ACCESS_DENIED, "User: " + caller.principalArn() + " is not authorized to"
                    + " perform: " + action + " on resource: " + key.arn() + " because no resource-based policy allows the "
                    + action + " action");
        }
    }
}
