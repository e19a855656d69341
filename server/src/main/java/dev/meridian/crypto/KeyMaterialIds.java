package dev.meridian.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code KeyMaterialId} of a material version: {@code hex(HMAC-SHA-256(key = material,
 * "meridian/key-material-id/v1"))}. It depends only on the material, so related multi-Region keys, and an
 * import of the same material, agree on it; it reveals nothing of the material. Reached from outside
 * {@code crypto} through {@link KeyMaterialService#keyMaterialId}.
 */
final class KeyMaterialIds {
    private static final byte[] LABEL = "meridian/key-material-id/v1".getBytes(StandardCharsets.US_ASCII);

    private KeyMaterialIds() {
    }

    static String of(SecretBytes material) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(material.unsafeBytes(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(LABEL));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }
}
