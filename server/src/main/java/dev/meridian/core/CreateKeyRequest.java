package dev.meridian.core;

import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.Tag;
import java.util.List;

/**
 * What CreateKey asks for, in domain terms. Absent members are null (or empty / false).
 *
 * @param keySpec the wire name of the key spec; null means {@code SYMMETRIC_DEFAULT}
 */
public record CreateKeyRequest(String policy, String description, KeyUsage keyUsage, String keySpec, KeyOrigin origin,
        boolean multiRegion, List<Tag> tags, boolean bypassPolicyLockoutSafetyCheck, String customKeyStoreId) {
    public CreateKeyRequest {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
