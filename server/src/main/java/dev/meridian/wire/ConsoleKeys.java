package dev.meridian.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.core.KeyManagementService;
import dev.meridian.core.KeyView;
import dev.meridian.core.Page;
import dev.meridian.model.AccountId;
import dev.meridian.model.Alias;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.RequestContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The console's key answers: the overview of accounts and Regions, one Region's keys, and (through
 * {@link ConsoleKeyDetails}) one key's tabs. Reads through the core's operations only. Thread-safe.
 */
final class ConsoleKeys {
    private final KeyManagementService service;
    private final AccountId defaultAccount;
    private final ConsoleKeyDetails details;

    ConsoleKeys(KeyManagementService service, AccountId defaultAccount) {
        this.service = service;
        this.defaultAccount = defaultAccount;
        this.details = new ConsoleKeyDetails(service);
    }

    /**
     * {@code {"accounts": [{"accountId", "regions": [{"region", "keys", "aliases"}]}], "partitionRegions": [...]}}:
     * the accounts and Regions that hold keys (the server's own account always, first), and every Region the
     * console can draw (the known Regions of AWS's partitions, and any other that holds keys), in name order.
     */
    ObjectNode overview() {
        Map<AccountId, ArrayNode> regionsByAccount = new LinkedHashMap<>();
        regionsByAccount.put(defaultAccount, Json.array());
        TreeSet<String> regions = new TreeSet<>(ConsoleRegions.KNOWN);
        for (KeyManagementService.RegionInventory inventory : service.inventory()) {
            regionsByAccount.computeIfAbsent(inventory.account(), ignored -> Json.array())
                    .add(Json.object().put("region", inventory.region().name()).put("keys", inventory.keys())
                            .put("aliases", inventory.aliases()));
            regions.add(inventory.region().name());
        }
        ArrayNode accounts = Json.array();
        regionsByAccount.forEach((account, accountRegions) ->
                accounts.add(Json.object().put("accountId", account.value()).set("regions", accountRegions)));
        ObjectNode overview = Json.object();
        overview.set("accounts", accounts);
        overview.set("partitionRegions", Json.strings(regions));
        return overview;
    }

    /**
     * {@code {"keys": [...]}}: every key of the caller's account in its Region (what ListKeys lists, AWS managed
     * keys included), oldest first, each as DescribeKey and ListAliases describe it.
     */
    ObjectNode keys(RequestContext caller) {
        Map<KeyId, List<String>> aliasesByKey = new HashMap<>();
        for (Alias alias : all(marker -> service.aliases().listAliases(caller, null, 100, marker))) {
            if (alias.hasTarget()) {
                aliasesByKey.computeIfAbsent(alias.targetKeyId(), ignored -> new ArrayList<>()).add(alias.name());
            }
        }
        List<KeyView> views = new ArrayList<>();
        for (KeyReference key : all(marker -> service.lifecycle().listKeys(caller, 1000, marker))) {
            views.add(service.lifecycle().describeKey(caller, key.keyId().value()));
        }
        views.sort(Comparator.comparing((KeyView view) -> view.record().creationDate())
                .thenComparing(view -> view.record().reference().keyId().value()));
        ArrayNode keys = Json.array();
        for (KeyView view : views) {
            keys.add(summary(view.record(), aliasesByKey.getOrDefault(view.record().reference().keyId(), List.of())));
        }
        ObjectNode answer = Json.object();
        answer.set("keys", keys);
        return answer;
    }

    /** One key's tabs; see {@link ConsoleKeyDetails#key}. */
    ObjectNode key(RequestContext caller, String keyId) {
        return details.key(caller, keyId);
    }

    private static ObjectNode summary(KeyRecord key, List<String> aliases) {
        ObjectNode summary = Json.object().put("keyId", key.reference().keyId().value()).put("arn", key.arn());
        summary.set("aliases", Json.strings(aliases));
        summary.put("description", key.description()).put("keyState", key.state().name())
                .put("keySpec", key.keySpec().name()).put("keyUsage", key.keyUsage().name())
                .put("origin", key.origin().name()).put("multiRegion", key.multiRegion())
                .put("multiRegionKeyType", multiRegionKeyType(key))
                .put("creationDate", Json.epochSeconds(key.creationDate()))
                .put("keyManager", key.keyManager().name());
        return summary;
    }

    /** {@code PRIMARY} or {@code REPLICA} for a multi-Region key, as DescribeKey says; null for a single-Region key. */
    static String multiRegionKeyType(KeyRecord key) {
        if (!key.multiRegion()) {
            return null;
        }
        return key.isPrimary() ? "PRIMARY" : "REPLICA";
    }

    /** Every item of a paged core listing, page after page (the core bounds each listing). */
    static <T> List<T> all(Function<String, Page<T>> listing) {
        List<T> items = new ArrayList<>();
        String marker = null;
        do {
            Page<T> page = listing.apply(marker);
            items.addAll(page.items());
            marker = page.nextMarker();
        } while (marker != null);
        return items;
    }
}
