package dev.meridian.model;

/**
 * Names one Region's key record: the account, the Region and the key ID. Related multi-Region keys
 * differ only in their Region.
 */
public record KeyReference(AccountId account, Region region, KeyId keyId) {
    public KeyReference {
        if (account == null || region == null || keyId == null) {
            throw new IllegalArgumentException("A key reference needs account, Region and key ID");
        }
    }

    /** The key's ARN, e.g. {@code arn:aws:kms:us-east-1:111122223333:key/1234abcd-...}. */
    public String arn() {
        return "arn:" + region.partition().arnName() + ":kms:" + region + ":" + account + ":key/" + keyId;
    }

    public KeyReference inRegion(Region other) {
        return new KeyReference(account, other, keyId);
    }

    @Override
    public String toString() {
        return arn();
    }
}
