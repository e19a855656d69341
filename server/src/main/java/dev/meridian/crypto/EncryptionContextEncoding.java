package dev.meridian.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The canonical, unambiguous byte encoding of an encryption context, used as associated data: the number
 * of entries as 4 bytes big-endian, then the entries ordered by the unsigned bytes of their UTF-8 keys,
 * each as key length (4 bytes), key, value length (4 bytes), value. Because every string carries its
 * length, {@code {"ab":"c"}} and {@code {"a":"bc"}} encode differently; because entries are sorted, the
 * order a client sent them in does not matter. An empty or absent context encodes as 4 zero bytes.
 */
public final class EncryptionContextEncoding {
    private EncryptionContextEncoding() {
    }

    public static byte[] encode(Map<String, String> encryptionContext) {
        if (encryptionContext == null || encryptionContext.isEmpty()) {
            return new byte[4];
        }
        byte[][] keys = new byte[encryptionContext.size()][];
        byte[][] values = new byte[encryptionContext.size()][];
        Integer[] order = new Integer[encryptionContext.size()];
        int index = 0;
        for (Map.Entry<String, String> entry : encryptionContext.entrySet()) {
            keys[index] = entry.getKey().getBytes(StandardCharsets.UTF_8);
            values[index] = entry.getValue().getBytes(StandardCharsets.UTF_8);
            order[index] = index;
            index++;
        }
        Arrays.sort(order, (left, right) -> Arrays.compareUnsigned(keys[left], keys[right]));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        writeLength(output, keys.length);
        for (int position : order) {
            writeLength(output, keys[position].length);
            output.writeBytes(keys[position]);
            writeLength(output, values[position].length);
            output.writeBytes(values[position]);
        }
        return output.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream output, int length) {
        output.write(length >>> 24);
        output.write(length >>> 16);
        output.write(length >>> 8);
        output.write(length);
    }
}
