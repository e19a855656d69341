package dev.meridian.core;

import dev.meridian.model.Tag;
import java.util.List;

/** What ReplicateKey asks for, in domain terms. Absent members are null (tags: null when not given). */
public record ReplicateKeyRequest(String keyId, String replicaRegion, String policy, boolean bypassPolicyLockoutSafetyCheck,
        String description, List<Tag> tags) {
    public ReplicateKeyRequest {
        tags = tags == null ? null : List.copyOf(tags);
    }
}
