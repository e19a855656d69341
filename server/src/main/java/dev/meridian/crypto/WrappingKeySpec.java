package dev.meridian.crypto;

/**
 * The wrapping key pairs GetParametersForImport can make, named as on the wire ({@code WrappingKeySpec}):
 * RSA of three sizes, and SM2 on the curve sm2p256v1 (China Regions). Which algorithms go with which spec
 * is the caller's rule to check; {@link #fits} tells the family.
 */
public enum WrappingKeySpec {
    RSA_2048(2048),
    RSA_3072(3072),
    RSA_4096(4096),
    SM2(256);

    private final int bits;

    WrappingKeySpec(int bits) {
        this.bits = bits;
    }

    /** The RSA modulus length, or the SM2 private key length, in bits. */
    int bits() {
        return bits;
    }

    /** True when {@code algorithm} wraps with a key of this spec's family (RSA with RSA, SM2PKE with SM2). */
    public boolean fits(WrappingAlgorithm algorithm) {
        return algorithm.isRsa() == (this != SM2);
    }

    /** The spec with this wire name, or null when Meridian has none by that name. */
    public static WrappingKeySpec named(String name) {
        for (WrappingKeySpec spec : values()) {
            if (spec.name().equals(name)) {
                return spec;
            }
        }
        return null;
    }
}
