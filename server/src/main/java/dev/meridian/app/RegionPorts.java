package dev.meridian.app;

import dev.meridian.model.Region;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The text of {@code --region-port}: {@code REGION=PORT}, several joined with commas ({@code us-west-2=8021,eu-west-1=8022});
 * {@code none} for no Region with a listener of its own.
 */
final class RegionPorts {
    static final String NONE = "none";

    private RegionPorts() {
    }

    static Map<Region, Integer> parse(String text) {
        Map<Region, Integer> ports = new LinkedHashMap<>();
        if (text.trim().equals(NONE)) {
            return Map.of();
        }
        for (String entry : text.split(",", -1)) {
            String[] parts = entry.trim().split("=", -1);
            if (parts.length != 2 || !Region.isWellFormed(parts[0].trim())) {
                throw new IllegalArgumentException("'" + entry.trim() + "' is not REGION=PORT; expected a Region and a port,"
                        + " such as us-west-2=8021");
            }
            Region region = Region.of(parts[0].trim());
            int port;
            try {
                port = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + parts[1].trim() + "' is not a port of " + region + "; expected a"
                        + " whole number from 0 to 65535");
            }
            if (ports.put(region, port) != null) {
                throw new IllegalArgumentException(region + " is given two ports; a Region has one listener of its own");
            }
        }
        return ports;
    }

    static String format(Map<Region, Integer> ports) {
        if (ports.isEmpty()) {
            return NONE;
        }
        return new TreeMap<>(ports).entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(","));
    }
}
