package dev.meridian.crypto;

import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.Partition;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret of an HMAC key ({@code HMAC_224}, {@code HMAC_256}, {@code HMAC_384}, {@code HMAC_512}): it makes
 * and checks MACs with its spec's one algorithm ({@code HMAC_SHA_224} ... {@code HMAC_SHA_512}) and nothing
 * else. Generated secrets are as long as the hash (28, 32, 48, 64 bytes, as AWS makes them); imported ones may
 * be longer, within AWS's limits for the spec (28 to 64, 32 to 64, 48 to 128, 64 to 128 bytes). Immutable and
 * thread-safe until {@link #destroy()}; the rules of {@link KeyMaterial} apply.
 */
public final class HmacKeyMaterial extends SecretKeyMaterial implements KeyMaterial {

    /** Takes ownership of {@code secret}, whose length must be one {@code spec} allows. */
    HmacKeyMaterial(KeySpec spec, SecretBytes secret) {
        super(spec, secret);
        if (!fitsLength(spec, secret.length())) {
            throw new IllegalArgumentException("HMAC key material of spec " + spec + " is " + minimumLength(spec)
                    + " to " + maximumLength(spec) + " bytes");
        }
    }

    /** Fresh random material of {@code spec}, as long as its hash. */
    static HmacKeyMaterial generate(KeySpec spec) {
        return new HmacKeyMaterial(spec, SecretBytes.random(minimumLength(spec)));
    }

    /** Whether {@code spec} is an HMAC spec and takes a secret of {@code length} bytes. */
    static boolean fitsLength(KeySpec spec, int length) {
        return isHmac(spec) && length >= minimumLength(spec) && length <= maximumLength(spec);
    }

    static boolean isHmac(KeySpec spec) {
        return spec.supports(KeyUsage.GENERATE_VERIFY_MAC);
    }

    private static int minimumLength(KeySpec spec) {
        return switch (spec) {
            case HMAC_224 -> 28;
            case HMAC_256 -> 32;
            case HMAC_384 -> 48;
            case HMAC_512 -> 64;
            default -> throw new IllegalArgumentException("Not an HMAC key spec: " + spec);
        };
    }

    private static int maximumLength(KeySpec spec) {
        return switch (spec) {
            case HMAC_224, HMAC_256 -> 64;
            case HMAC_384, HMAC_512 -> 128;
            default -> throw new IllegalArgumentException("Not an HMAC key spec: " + spec);
        };
    }

    /** HMAC keys exist in every partition. */
    @Override
    public boolean fitsPartition(Partition partition) {
        return true;
    }

    @Override
    public HmacKeyMaterial hmac() {
        return this;
    }

    /** The spec's one MAC algorithm, as named on the wire ({@code HMAC_SHA_256} for {@code HMAC_256}). */
    public String macAlgorithm() {
        return spec().algorithms(KeyUsage.GENERATE_VERIFY_MAC).get(0);
    }

    /** The HMAC of {@code message} with this secret and the spec's hash. */
    public byte[] mac(byte[] message) {
        try {
            Mac mac = Mac.getInstance(jdkName());
            mac.init(new SecretKeySpec(secret().unsafeBytes(), jdkName()));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK lacks " + jdkName(), e);
        }
    }

    /** Whether {@code mac} is the HMAC of {@code message}; compares in time that depends only on the lengths. */
    public boolean verify(byte[] message, byte[] mac) {
        return MessageDigest.isEqual(mac(message), mac);
    }

    private String jdkName() {
        return "Hmac" + macAlgorithm().substring("HMAC_".length()).replace("_", "");
    }

    @Override
    public String toString() {
        return "HmacKeyMaterial[" + spec() + ", " + secret().length() + " bytes, redacted]";
    }

}
