package dev.meridian.core;

import dev.meridian.model.AccountId;
import dev.meridian.model.Alias;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyReference;
import dev.meridian.model.Partition;
import dev.meridian.model.Region;
import dev.meridian.model.RequestContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the {@code KeyId} a client sent (key ID, key ARN, alias name, alias ARN) into a key of the caller's
 * Region, with AWS's errors for each way it can fail.
 */
final class KeyResolver {
    private static final Pattern ARN = Pattern.compile("arn:(aws|aws-cn|aws-us-gov):kms:([a-z0-9-]+):(\\d{12}):(key/.+|alias/.+)");

    /** AWS's answer to an alias name or alias ARN given to an operation that takes only a key ID or key ARN. */
    static final String ALIASES_NOT_SUPPORTED = "Key Aliases are not supported for this operation.";

    /**
     * Whether an operation takes alias names and alias ARNs for its key, as the API reference documents each
     * operation's key member. {@code ALLOWED}: "key ID, key ARN, alias name, or alias ARN" (DescribeKey and
     * the cryptographic operations: Encrypt, Decrypt, ReEncrypt's source and destination, GenerateDataKey*).
     * {@code REFUSED}: "Specify the key ID or key ARN" (every other operation: lifecycle, policies, tags,
     * grants, rotation, import, multi-Region, GetKeyLastUsage, ListAliases); an alias there is
     * {@code InvalidArnException} {@value #ALIASES_NOT_SUPPORTED} The operations that declare no
     * {@code InvalidArnException} in the model, CreateAlias and UpdateAlias, refuse an alias target with
     * their own error before they get here.
     */
    enum AliasNames { ALLOWED, REFUSED }

    private final KeyRegistry registry;
    private final AwsManagedKeys awsManagedKeys;

    /** A resolver for which a predefined AWS alias without a key is not found (its key is never created). */
    KeyResolver(KeyRegistry registry) {
        this(registry, null);
    }

    /**
     * A resolver that creates the AWS managed key of a predefined alias of the caller's account on the alias's
     * first use (see {@link AwsManagedKeys#materialize}); for the operations that accept aliases and use a key.
     */
    KeyResolver(KeyRegistry registry, AwsManagedKeys awsManagedKeys) {
        this.registry = registry;
        this.awsManagedKeys = awsManagedKeys;
    }

    /**
     * The key {@code keyId} names, once the caller is found allowed {@code access} to it ({@link AccessControl}):
     * the one authorization of an operation on a key, after the key is found (a key that does not exist is
     * {@code NotFoundException}, another account's is refused as {@link CrossAccountAccess} says) and before the
     * operation checks the key's state and usage. When {@code keyId} is an alias name or alias ARN, the access has
     * {@code kms:RequestAlias} (the alias name).
     */
    KeyEntry resolve(RequestContext caller, String keyId, AliasNames aliases, Access access) {
        KeyEntry entry = locate(caller, keyId, aliases);
        registry.accessControl().authorize(caller, access.with("kms:RequestAlias", requestAlias(keyId)), entry.record());
        return entry;
    }

    /**
     * The key {@code keyId} names, without authorization: for what only reads the key's name (the audit trail),
     * or resolves it again later with {@link #resolve}.
     */
    KeyEntry locate(RequestContext caller, String keyId, AliasNames aliases) {
        KeyReference reference = reference(caller, keyId, aliases);
        KeyEntry entry = registry.findOrCatchUp(reference);
        if (entry == null) {
            throw notExists(reference);
        }
        caller.resolvedKeys().resolved(caller.region(), keyId, entry.record().arn());
        return entry;
    }

    /** The alias name an alias name or alias ARN holds ({@code kms:RequestAlias}); null for a key ID or key ARN. */
    static String requestAlias(String keyId) {
        if (keyId.startsWith("alias/")) {
            return keyId;
        }
        int alias = keyId.startsWith("arn:") ? keyId.indexOf(":alias/") : -1;
        return alias < 0 ? null : keyId.substring(alias + 1);
    }

    /** The key a name stands for, without requiring that it exists. */
    KeyReference reference(RequestContext caller, String keyId, AliasNames aliases) {
        if (aliases == AliasNames.REFUSED && namesAnAlias(keyId)) {
            throw new KmsException(ErrorCode.INVALID_ARN, ALIASES_NOT_SUPPORTED);
        }
        if (keyId.startsWith("alias/")) {
            return aliasTarget(caller, caller.account(), caller.region(), keyId);
        }
        if (keyId.startsWith("arn:")) {
            Matcher arn = ARN.matcher(keyId);
            if (!arn.matches() || !Region.isWellFormed(arn.group(2))
                    || !Partition.ofRegion(arn.group(2)).arnName().equals(arn.group(1))) {
                throw new KmsException(ErrorCode.INVALID_ARN, "Invalid arn " + keyId);
            }
            Region region = Region.of(arn.group(2));
            if (!region.equals(caller.region())) {
                throw KmsException.notFound("Invalid arn " + region);
            }
            AccountId account = AccountId.of(arn.group(3));
            String resource = arn.group(4);
            if (resource.startsWith("alias/")) {
                return aliasTarget(caller, account, region, resource);
            }
            KeyId id = KeyId.parseOrNull(resource.substring("key/".length()));
            if (id == null) {
                throw invalidKeyId(resource.substring("key/".length()));
            }
            return new KeyReference(account, region, id);
        }
        KeyId id = KeyId.parseOrNull(keyId);
        if (id == null) {
            throw invalidKeyId(keyId);
        }
        return new KeyReference(caller.account(), caller.region(), id);
    }

    /** An alias name ({@code alias/x}) or what is meant as an alias ARN ({@code arn:...:alias/x}), well-formed or not. */
    private static boolean namesAnAlias(String keyId) {
        return keyId.startsWith("alias/") || (keyId.startsWith("arn:") && keyId.contains(":alias/"));
    }

    private KeyReference aliasTarget(RequestContext caller, AccountId account, Region region, String name) {
        Alias alias = registry.aliasOrCatchUp(account, region, name);
        if (alias == null && awsManagedKeys != null && account.equals(caller.account())
                && awsManagedKeys.isPredefined(name)) {
            return awsManagedKeys.materialize(caller, name);
        }
        if (alias == null) {
            throw KmsException.notFound("Alias " + aliasArn(account, region, name) + " is not found.");
        }
        return new KeyReference(account, region, alias.targetKeyId());
    }

    static String aliasArn(AccountId account, Region region, String name) {
        return "arn:" + region.partition().arnName() + ":kms:" + region + ":" + account + ":" + name;
    }

    static KmsException notExists(KeyReference reference) {
        return KmsException.notFound("Key '" + reference.arn() + "' does not exist");
    }

    static KmsException invalidKeyId(String keyId) {
        return KmsException.notFound("Invalid keyId '" + keyId + "'");
    }
}
