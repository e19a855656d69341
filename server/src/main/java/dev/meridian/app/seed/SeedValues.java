package dev.meridian.app.seed;

import dev.meridian.crypto.PrivateKeyPem;
import dev.meridian.crypto.SecretBytes;
import dev.meridian.model.AccountId;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.Region;
import dev.meridian.model.Tag;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads one value of a seed file into its domain type, or refuses it naming its place. Shared by both formats. */
final class SeedValues {
    private SeedValues() {
    }

    static KeyId keyId(SeedNode node) {
        KeyId keyId = KeyId.parseOrNull(node.text().trim());
        if (keyId == null) {
            throw new SeedFileException(node, "'" + node.text() + "' is not a key ID; expected a UUID such as"
                    + " 1234abcd-12ab-34cd-56ef-1234567890ab, or mrk- and 32 hex digits for a multi-Region key");
        }
        return keyId;
    }

    static Region region(SeedNode node) {
        String name = node.text().trim();
        if (!Region.isWellFormed(name)) {
            throw new SeedFileException(node, "'" + name + "' is not a Region name; expected one such as us-east-1");
        }
        return Region.of(name);
    }

    static AccountId account(SeedNode node) {
        try {
            return AccountId.of(node.text().trim());
        } catch (IllegalArgumentException e) {
            throw new SeedFileException(node, "'" + node.text() + "' is not an AWS account ID; expected 12 digits, such as"
                    + " 111122223333 (quote it in YAML)");
        }
    }

    static KeySpec keySpec(SeedNode node) {
        KeySpec spec = KeySpec.named(node.text().trim());
        if (spec == null) {
            throw new SeedFileException(node, "'" + node.text() + "' is not a key spec; expected one of "
                    + Arrays.toString(KeySpec.values()));
        }
        return spec;
    }

    static KeyUsage keyUsage(SeedNode node) {
        return named(node, KeyUsage.class, "key usage");
    }

    static KeyOrigin origin(SeedNode node) {
        KeyOrigin origin = named(node, KeyOrigin.class, "origin");
        if (origin != KeyOrigin.AWS_KMS && origin != KeyOrigin.EXTERNAL) {
            throw new SeedFileException(node, "origin " + origin + " cannot be seeded; expected AWS_KMS or EXTERNAL");
        }
        return origin;
    }

    static <E extends Enum<E>> E named(SeedNode node, Class<E> type, String what) {
        String text = node.text().trim();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(text)) {
                return constant;
            }
        }
        throw new SeedFileException(node, "'" + text + "' is not a " + what + "; expected one of "
                + Arrays.toString(type.getEnumConstants()));
    }

    static boolean bool(SeedNode node) {
        String text = node.text().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true")) {
            return true;
        }
        if (text.equals("false")) {
            return false;
        }
        throw new SeedFileException(node, "'" + node.text() + "' is not true or false");
    }

    static int wholeNumber(SeedNode node) {
        try {
            return Integer.parseInt(node.text().trim());
        } catch (NumberFormatException e) {
            throw new SeedFileException(node, "'" + node.text() + "' is not a whole number");
        }
    }

    /** An ISO-8601 instant with its offset: {@code 2025-01-31T12:00:00Z}, {@code 2019-09-12T15:19:21+00:00}. */
    static Instant instant(SeedNode node) {
        String text = node.text().trim();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new SeedFileException(node, "'" + text + "' is not a date and time; expected ISO-8601 with an offset,"
                    + " such as 2025-01-31T12:00:00Z");
        }
    }

    static String string(SeedNode node) {
        return node.isNull() ? "" : node.text();
    }

    /** Material written in hex (either case; spaces and line breaks ignored). */
    static SecretBytes hex(SeedNode node) {
        String text = node.text().replaceAll("\\s", "");
        try {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            return SecretBytes.wipingSource(HexFormat.of().parseHex(text));
        } catch (IllegalArgumentException e) {
            throw new SeedFileException(node, "not hex: expected an even number of the digits 0-9 and a-f");
        }
    }

    /** Material written in base64 (standard alphabet, padding optional; spaces and line breaks ignored). */
    static SecretBytes base64(SeedNode node) {
        String text = node.text().replaceAll("\\s", "");
        try {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            return SecretBytes.wipingSource(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new SeedFileException(node, "not base64: expected the standard base64 alphabet");
        }
    }

    /** A private key in PEM, as PKCS#8 DER. */
    static SecretBytes pem(SeedNode node) {
        try {
            return PrivateKeyPem.pkcs8(node.text());
        } catch (IllegalArgumentException e) {
            throw new SeedFileException(node, e.getMessage());
        }
    }

    /** Tags as a mapping of tag keys to values, in the file's order. */
    static List<Tag> tags(SeedNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<Tag> tags = new ArrayList<>();
        for (Map.Entry<String, SeedNode> tag : node.fields().entrySet()) {
            tags.add(new Tag(tag.getKey(), string(tag.getValue())));
        }
        return tags;
    }
}
