package dev.meridian.crypto;

import dev.meridian.model.AccountId;
import dev.meridian.model.KeyId;

/**
 * What a symmetric ciphertext says about itself: the account and key it was made under, and the version
 * of that key's material. Related multi-Region keys share the key ID, so every one of them recognises it.
 */
public record CiphertextHeader(AccountId account, KeyId keyId, int materialVersion) {
    public CiphertextHeader {
        if (materialVersion < 1) {
            throw new IllegalArgumentException("Material versions start at 1");
        }
    }
}
