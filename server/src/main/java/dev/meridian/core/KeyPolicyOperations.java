package dev.meridian.core;

import dev.meridian.core.KeyResolver.AliasNames;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.RequestContext;
import java.util.List;

/** GetKeyPolicy, PutKeyPolicy and ListKeyPolicies. Policies are per Region, never replicated. Thread-safe. */
public final class KeyPolicyOperations {
    private static final String DEFAULT_NAME = "default";
    private final KeyRegistry registry;
    private final KeyResolver resolver;

    KeyPolicyOperations(KeyRegistry registry) {
        this.registry = registry;
        this.resolver = new KeyResolver(registry);
    }

    /** The key's policy; {@code policyName} must be {@code default} when given. */
    public String getKeyPolicy(RequestContext caller, String keyId, String policyName) {
        KeyRecord key = resolver.resolve(caller, keyId, AliasNames.REFUSED, Access.to("GetKeyPolicy")).record();
        checkName(policyName);
        return key.policy();
    }

    /**
     * Replaces the key's policy. The policy is parsed and checked before the write, outside the registry's lock
     * (its cost is the caller's to choose); its error, if any, comes after the key's, as before.
     */
    public void putKeyPolicy(RequestContext caller, String keyId, String policyName, String policy, boolean bypassLockoutSafetyCheck) {
        Precheck<String> checkedPolicy = Precheck.of(() -> KeyPolicies.checked(registry.accessControl(), caller, policy,
                bypassLockoutSafetyCheck, KeyPolicies.keyArn(caller, keyId)));
        registry.write(mutation -> {
            KeyRecord key = resolver.resolve(caller, keyId, AliasNames.REFUSED, Access.to("PutKeyPolicy")
                    .with("kms:BypassPolicyLockoutSafetyCheck", bypassLockoutSafetyCheck)).record();
            checkName(policyName);
            mutation.putKey(key.toBuilder().policy(checkedPolicy.get()).build());
            return null;
        });
    }

    /** Every key has exactly one policy, named {@code default}. */
    public Page<String> listKeyPolicies(RequestContext caller, String keyId, Integer limit, String marker) {
        resolver.resolve(caller, keyId, AliasNames.REFUSED, Access.to("ListKeyPolicies"));
        String after = Pagination.position(marker);
        List<String> names = after == null ? List.of(DEFAULT_NAME) : List.of();
        return Pagination.page(names, limit, 100, 1000, name -> name);
    }

    private static void checkName(String policyName) {
        if (policyName != null && !policyName.equals(DEFAULT_NAME)) {
            throw KmsException.notFound("No such policy exists");
        }
    }
}
