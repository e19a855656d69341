package dev.meridian.model;

/**
 * Who manages a key, as DescribeKey's {@code KeyManager} says: the customer (every key made by CreateKey or
 * ReplicateKey), or AWS (the key behind a predefined {@code alias/aws/<service>} alias, made on its first use).
 */
public enum KeyManager {
    AWS,
    CUSTOMER
}
