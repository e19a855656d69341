package dev.meridian.core;

import dev.meridian.model.Alias;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.RequestContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** CreateAlias, UpdateAlias, DeleteAlias and ListAliases. Aliases are per account and Region. Thread-safe. */
public final class Aliases {
    static final int MAXIMUM_ALIASES_PER_KEY = 50;
    private final KeyRegistry registry;
    private final KeyResolver resolver;
    private final Clock clock;
    private final AwsManagedKeys awsManagedKeys;

    Aliases(KeyRegistry registry, Clock clock, AwsManagedKeys awsManagedKeys) {
        this.registry = registry;
        this.resolver = new KeyResolver(registry);
        this.clock = clock;
        this.awsManagedKeys = awsManagedKeys;
    }

    public void createAlias(RequestContext caller, String aliasName, String targetKeyId) {
        checkName(aliasName);
        registry.write(mutation -> {
            authorizeAlias(caller, "CreateAlias", aliasName);
            KeyRecord target = target(caller, targetKeyId, KeyStateRules.CREATE_ALIAS, Access.to("CreateAlias"));
            if (registry.alias(caller.account(), caller.region(), aliasName) != null) {
                throw new KmsException(ErrorCode.ALREADY_EXISTS, "An alias with the name "
                        + KeyResolver.aliasArn(caller.account(), caller.region(), aliasName) + " already exists");
            }
            int count = registry.aliasesOf(target.reference()).size();
            if (count >= MAXIMUM_ALIASES_PER_KEY) {
                throw new KmsException(ErrorCode.LIMIT_EXCEEDED, "Aliases per key quota for this account in this region is "
                        + MAXIMUM_ALIASES_PER_KEY + ", current usage is " + count + ".");
            }
            Instant now = clock.instant();
            mutation.putAlias(new Alias(caller.account(), caller.region(), aliasName, target.reference().keyId(), now, now));
            return null;
        });
    }

    public void updateAlias(RequestContext caller, String aliasName, String targetKeyId) {
        checkName(aliasName);
        registry.write(mutation -> {
            Alias alias = existing(caller, aliasName);
            authorizeAlias(caller, "UpdateAlias", aliasName);
            KeyEntry current = registry.find(new KeyReference(caller.account(), caller.region(), alias.targetKeyId()));
            if (current != null) {
                registry.accessControl().authorize(caller, Access.to("UpdateAlias"), current.record());
            }
            KeyRecord target = target(caller, targetKeyId, KeyStateRules.UPDATE_ALIAS, Access.to("UpdateAlias"));
            if (current != null && (current.record().keySpec() != target.keySpec()
                    || current.record().keyUsage() != target.keyUsage())) {
                throw KmsException.validation("The new target key must have the same key spec and key usage as the"
                        + " current target key.");
            }
            int count = registry.aliasesOf(target.reference()).size();
            if (!alias.targetKeyId().equals(target.reference().keyId()) && count >= MAXIMUM_ALIASES_PER_KEY) {
                throw new KmsException(ErrorCode.LIMIT_EXCEEDED, "Aliases per key quota for this account in this region is "
                        + MAXIMUM_ALIASES_PER_KEY + ", current usage is " + count + ".");
            }
            mutation.putAlias(alias.retarget(target.reference().keyId(), clock.instant()));
            return null;
        });
    }

    public void deleteAlias(RequestContext caller, String aliasName) {
        checkName(aliasName);
        registry.write(mutation -> {
            Alias alias = existing(caller, aliasName);
            authorizeAlias(caller, "DeleteAlias", aliasName);
            KeyEntry key = registry.find(new KeyReference(caller.account(), caller.region(), alias.targetKeyId()));
            if (key != null) {
                registry.accessControl().authorize(caller, Access.to("DeleteAlias"), key.record());
            }
            mutation.deleteAlias(alias);
            return null;
        });
    }

    /**
     * The aliases of the caller's Region, or of one key when {@code keyId} is given, in name order; a key that
     * does not exist is {@code NotFoundException}, as for every operation that names a key. Without a key, the
     * predefined AWS aliases whose key does not exist yet are listed too, without a target
     * ({@link Alias#predefined}), as AWS lists them.
     */
    public Page<Alias> listAliases(RequestContext caller, String keyId, Integer limit, String marker) {
        String after = Pagination.position(marker);
        // kms:ListAliases is an identity policy's alone, with or without a key (AWS's permissions table).
        registry.accessControl().authorizeByIdentity(caller, Access.to("ListAliases"), "*");
        KeyReference key = keyId == null ? null
                : resolver.locate(caller, keyId, KeyResolver.AliasNames.REFUSED).record().reference();
        Map<String, Alias> byName = new TreeMap<>();
        if (key == null) {
            awsManagedKeys.predefinedAliases(caller).forEach(alias -> byName.put(alias.name(), alias));
        }
        registry.aliasesIn(caller.account(), caller.region()).forEach(alias -> byName.put(alias.name(), alias));
        List<Alias> aliases = byName.values().stream()
                .filter(alias -> key == null || (alias.targetKeyId().equals(key.keyId())
                        && alias.account().equals(key.account())))
                .filter(alias -> after == null || alias.name().compareTo(after) > 0)
                .toList();
        return Pagination.page(aliases, limit, 50, 100, Alias::name);
    }

    private Alias existing(RequestContext caller, String aliasName) {
        Alias alias = registry.alias(caller.account(), caller.region(), aliasName);
        if (alias == null) {
            throw KmsException.notFound("Alias " + KeyResolver.aliasArn(caller.account(), caller.region(), aliasName)
                    + " is not found.");
        }
        return alias;
    }

    /**
     * The alias's side of an alias operation: the caller's identity policies must allow the action on the alias ARN
     * (a key policy cannot: an alias is not a key); the key's side is asked where the key is resolved.
     */
    private void authorizeAlias(RequestContext caller, String operation, String aliasName) {
        registry.accessControl().authorizeByIdentity(caller, Access.to(operation),
                KeyResolver.aliasArn(caller.account(), caller.region(), aliasName));
    }

    /** The key an alias is to point to, allowed {@code access}, in a state that allows {@code rule}. */
    private KeyRecord target(RequestContext caller, String targetKeyId, KeyStateRules rule, Access access) {
        if (targetKeyId.startsWith("alias/") || targetKeyId.matches("arn:[^:]+:kms:[^:]*:[^:]*:alias/.*")) {
            throw KmsException.validation("Aliases must refer to keys. Not aliases");
        }
        KeyRecord target = resolver.resolve(caller, targetKeyId, KeyResolver.AliasNames.REFUSED, access).record();
        rule.check(target);
        return target;
    }

    private static void checkName(String aliasName) {
        if (!aliasName.startsWith("alias/")) {
            throw KmsException.validation("Alias must start with the prefix \"alias/\". Please see "
                    + "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
        }
        if (aliasName.startsWith("alias/aws/")) {
            throw KmsException.withoutMessage(ErrorCode.NOT_AUTHORIZED);
        }
        if (aliasName.length() == "alias/".length()) {
            throw KmsException.validation(aliasName + " contains invalid characters for an alias");
        }
    }
}
