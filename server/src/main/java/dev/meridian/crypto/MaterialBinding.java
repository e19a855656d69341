package dev.meridian.crypto;

import dev.meridian.model.KeyReference;
import java.nio.charset.StandardCharsets;

/**
 * The associated data that binds a wrapped material version to its key record:
 * {@code "meridian/material/v1|" account "|" region "|" key ID "|" version}. A blob copied to another key,
 * Region, account or version does not unwrap.
 */
public final class MaterialBinding {
    private MaterialBinding() {
    }

    public static byte[] associatedData(KeyReference key, int version) {
        return ("meridian/material/v1|" + key.account() + "|" + key.region() + "|" + key.keyId() + "|" + version)
                .getBytes(StandardCharsets.US_ASCII);
    }
}
