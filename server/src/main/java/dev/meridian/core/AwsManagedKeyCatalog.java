package dev.meridian.core;

import dev.meridian.model.AccountId;
import dev.meridian.model.Region;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The predefined AWS aliases and, for each, the description and key policy of the AWS managed key AWS creates
 * on its first use. The data, with its sources, is the resource {@code aws-managed-keys.txt}; this class only
 * reads it. Immutable.
 */
final class AwsManagedKeyCatalog {
    private static final String RESOURCE = "aws-managed-keys.txt";
    private static final AwsManagedKeyCatalog DEFAULT = load();

    /**
     * One predefined alias.
     *
     * @param policyTemplate the key policy, with {@code ${partition}}, {@code ${region}} and {@code ${account}}
     */
    record Entry(String aliasName, String description, String policyTemplate) {
        /** The key policy of this alias's key in {@code account} and {@code region}. */
        String policy(AccountId account, Region region) {
            return policyTemplate.replace("${partition}", region.partition().arnName())
                    .replace("${region}", region.name())
                    .replace("${account}", account.value());
        }
    }

    private final Map<String, Entry> entries;

    private AwsManagedKeyCatalog(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    static AwsManagedKeyCatalog defaultCatalog() {
        return DEFAULT;
    }

    /** The entry of a predefined alias; null for any other name. */
    Entry entry(String aliasName) {
        return entries.get(aliasName);
    }

    /** Every predefined alias, in name order. */
    List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    private static AwsManagedKeyCatalog load() {
        try (InputStream input = AwsManagedKeyCatalog.class.getResourceAsStream(RESOURCE)) {
            if (input == null) {
                throw new IllegalStateException("Missing resource " + RESOURCE);
            }
            return parse(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AwsManagedKeyCatalog parse(String text) {
        Map<String, Entry> entries = new TreeMap<>();
        String name = null;
        String description = null;
        List<String> policy = new ArrayList<>();
        for (String line : (text + "\n== end").split("\n")) {
            if (line.startsWith("== ")) {
                if (name != null) {
                    if (description == null || policy.isEmpty()) {
                        throw new IllegalStateException("Incomplete entry for " + name + " in " + RESOURCE);
                    }
                    entries.put(name, new Entry(name, description, String.join("\n", policy).strip()));
                }
                name = line.substring(3).strip();
                description = null;
                policy.clear();
            } else if (line.startsWith("description: ")) {
                description = line.substring("description: ".length());
            } else if (name != null && !line.startsWith("source: ") && !line.startsWith("#")) {
                policy.add(line);
            }
        }
        return new AwsManagedKeyCatalog(entries);
    }
}
