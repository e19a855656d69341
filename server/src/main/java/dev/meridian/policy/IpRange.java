package dev.meridian.policy;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 203.0.113.0/24}, {@code 2001:db8::/32}), or one address
 * (a {@code /32} or {@code /128}), as {@code IpAddress} and {@code NotIpAddress} compare {@code aws:SourceIp} with
 * it. Addresses are parsed here, as text, never by a name lookup. An IPv4 address never falls in an IPv6 range
 * nor the reverse. Immutable.
 */
final class IpRange {
    private final byte[] network;
    private final int prefixLength;

    private IpRange(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** The range {@code text} denotes, or null when it is not an address with an optional {@code /prefix}. */
    static IpRange parse(String text) {
        int slash = text.indexOf('/');
        byte[] address = address(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            return null;
        }
        int prefixLength = address.length * 8;
        if (slash >= 0) {
            String prefix = text.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            prefixLength = Integer.parseInt(prefix);
            if (prefixLength > address.length * 8) {
                return null;
            }
        }
        return new IpRange(address, prefixLength);
    }

    /** Whether {@code address} (the bytes of {@link #address}) lies in this range. */
    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int index = 0; index < fullBytes; index++) {
            if (address[index] != network[index]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xFF << (8 - remainingBits)) & 0xFF;
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    /** The bytes of an IPv4 (4) or IPv6 (16) address written as text, or null. */
    static byte[] address(String text) {
        return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
    }

    private static byte[] ipv4(String text) {
        byte[] bytes = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int index = 0; index < text.length(); index++) {
            char c = text.charAt(index);
            if (c >= '0' && c <= '9') {
                if (++digits > 3) {
                    return null;
                }
                value = value * 10 + (c - '0');
            } else if (c == '.' && digits > 0 && value <= 255 && part < 3) {
                bytes[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        if (digits == 0 || value > 255 || part != 3) {
            return null;
        }
        bytes[3] = (byte) value;
        return bytes;
    }

    private static byte[] ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap < 0 ? text : text.substring(0, gap);
        String tail = gap < 0 ? "" : text.substring(gap + 2);
        int[] headGroups = groups(head, gap >= 0 || tail.isEmpty());
        int[] tailGroups = groups(tail, true);
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int total = headGroups.length + tailGroups.length;
        if (gap < 0 ? total != 8 : total > 7) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(headGroups, 0, all, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
        byte[] bytes = new byte[16];
        for (int index = 0; index < 8; index++) {
            bytes[2 * index] = (byte) (all[index] >> 8);
            bytes[2 * index + 1] = (byte) all[index];
        }
        return bytes;
    }

    /** The 16-bit groups of one side of {@code ::}; an embedded IPv4 address counts as two groups at the end. */
    private static int[] groups(String text, boolean mayEndWithIpv4) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(":", -1);
        int[] groups = new int[parts.length + 1];
        int count = 0;
        for (int index = 0; index < parts.length; index++) {
            String part = parts[index];
            if (index == parts.length - 1 && mayEndWithIpv4 && part.indexOf('.') >= 0) {
                byte[] ipv4 = ipv4(part);
                if (ipv4 == null) {
                    return null;
                }
                groups[count++] = ((ipv4[0] & 0xFF) << 8) | (ipv4[1] & 0xFF);
                groups[count++] = ((ipv4[2] & 0xFF) << 8) | (ipv4[3] & 0xFF);
            } else {
                if (part.isEmpty() || part.length() > 4 || !allHexDigits(part)) {
                    return null;
                }
                groups[count++] = Integer.parseInt(part, 16);
            }
        }
        return Arrays.copyOf(groups, count);
    }

    private static boolean allHexDigits(String text) {
        for (int index = 0; index < text.length(); index++) {
            char c = text.charAt(index);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "IpRange[" + Arrays.toString(network) + "/" + prefixLength + "]";
    }
}
