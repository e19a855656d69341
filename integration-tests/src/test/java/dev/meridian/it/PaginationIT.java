package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.InvalidMarkerException;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.ListAliasesResponse;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.ListResourceTagsResponse;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * Limit, Truncated and NextMarker of ListKeys, ListAliases and ListResourceTags. Each listing runs in a Region
 * of its own, so that what it holds is known exactly.
 */
class PaginationIT {
    private static final String KEYS_REGION = "ap-northeast-1";
    private static final String ALIASES_REGION = "ap-northeast-2";
    private static final String TAGS_REGION = "ap-south-1";
    private static final String MARKER_MESSAGE = "The request was rejected because the marker is not valid.";
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();
    private static List<String> keyIds;
    private static List<String> aliasNames;
    /** The names ListAliases lists in {@link #ALIASES_REGION}: the aliases made there and the predefined AWS ones. */
    private static List<String> listedAliasNames;
    private static String taggedKey;
    private static List<Tag> tags;

    @BeforeAll
    static void start() {
        KmsClient keys = kms.client(KEYS_REGION);
        keyIds = IntStream.range(0, 103).mapToObj(i -> keys.createKey(request -> { }).keyMetadata().keyId()).toList();

        KmsClient aliases = kms.client(ALIASES_REGION);
        String first = aliases.createKey(request -> { }).keyMetadata().keyId();
        String second = aliases.createKey(request -> { }).keyMetadata().keyId();
        aliasNames = IntStream.range(0, 52).mapToObj(i -> String.format("alias/page-%02d", i)).toList();
        for (int i = 0; i < aliasNames.size(); i++) {
            String name = aliasNames.get(i);
            String target = i % 2 == 0 ? first : second;
            aliases.createAlias(request -> request.aliasName(name).targetKeyId(target));
        }
        listedAliasNames = java.util.stream.Stream.concat(aliasNames.stream(), AwsManagedKeysIT.PREDEFINED_ALIASES.stream())
                .sorted().toList();

        tags = IntStream.range(0, 50).mapToObj(i -> Tag.builder().tagKey("k" + i).tagValue("v" + i).build()).toList();
        taggedKey = kms.client(TAGS_REGION).createKey(request -> request.tags(tags)).keyMetadata().keyId();
    }

    @Test
    void listAliasesAnswersALimitAboveOneHundredWithAPageOfOneHundred() {
        KmsClient client = kms.client("ca-central-1");
        for (int key = 0; key < 3; key++) {
            String keyId = client.createKey(request -> { }).keyMetadata().keyId();
            for (int i = 0; i < 40; i++) {
                String name = String.format("alias/cap-%d-%02d", key, i);
                client.createAlias(request -> request.aliasName(name).targetKeyId(keyId));
            }
        }
        ListAliasesResponse first = client.listAliases(request -> request.limit(500));
        assertThat(first.aliases()).hasSize(100);
        assertThat(first.truncated()).isTrue();
        ListAliasesResponse second = client.listAliases(request -> request.limit(500).marker(first.nextMarker()));
        // 120 aliases made here and the 39 predefined AWS aliases.
        assertThat(second.aliases()).hasSize(59);
        assertThat(second.truncated()).isFalse();
    }

    /** Reads every page of a listing with {@code limit}, checking Truncated and NextMarker on each. */
    private static <R, T> List<T> readAll(BiFunction<Integer, String, R> list, Function<R, List<T>> items,
            Function<R, Boolean> truncated, Function<R, String> nextMarker, Integer limit, List<Integer> expectedSizes) {
        List<T> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String marker = null;
        while (true) {
            R page = list.apply(limit, marker);
            seen.addAll(items.apply(page));
            sizes.add(items.apply(page).size());
            if (!truncated.apply(page)) {
                assertThat(nextMarker.apply(page)).isNull();
                break;
            }
            assertThat(nextMarker.apply(page)).isNotBlank();
            marker = nextMarker.apply(page);
            assertThat(sizes).hasSizeLessThan(200);
        }
        assertThat(sizes).containsExactlyElementsOf(expectedSizes);
        return seen;
    }

    private static List<String> listKeys(Integer limit, List<Integer> expectedSizes) {
        KmsClient client = kms.client(KEYS_REGION);
        return readAll((max, marker) -> client.listKeys(request -> request.limit(max).marker(marker)),
                ListKeysResponse::keys, ListKeysResponse::truncated, ListKeysResponse::nextMarker, limit, expectedSizes)
                .stream().map(KeyListEntry::keyId).toList();
    }

    private static List<String> listAliases(Integer limit, List<Integer> expectedSizes) {
        KmsClient client = kms.client(ALIASES_REGION);
        return readAll((max, marker) -> client.listAliases(request -> request.limit(max).marker(marker)),
                ListAliasesResponse::aliases, ListAliasesResponse::truncated, ListAliasesResponse::nextMarker, limit,
                expectedSizes).stream().map(AliasListEntry::aliasName).toList();
    }

    private static List<Tag> listTags(Integer limit, List<Integer> expectedSizes) {
        KmsClient client = kms.client(TAGS_REGION);
        return readAll((max, marker) -> client.listResourceTags(request -> request.keyId(taggedKey).limit(max).marker(marker)),
                ListResourceTagsResponse::tags, ListResourceTagsResponse::truncated, ListResourceTagsResponse::nextMarker,
                limit, expectedSizes);
    }

    @Test
    void listKeysPagesThroughEveryKeyOnce() {
        assertThat(listKeys(40, List.of(40, 40, 23))).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(keyIds);
        assertThat(listKeys(1, IntStream.range(0, 103).mapToObj(i -> 1).toList())).containsExactlyInAnyOrderElementsOf(keyIds);
        assertThat(listKeys(103, List.of(103))).containsExactlyInAnyOrderElementsOf(keyIds);
        assertThat(listKeys(1000, List.of(103))).containsExactlyInAnyOrderElementsOf(keyIds);
        // Without a limit, pages hold 100 keys.
        assertThat(listKeys(null, List.of(100, 3))).containsExactlyInAnyOrderElementsOf(keyIds);
        KmsClient client = kms.client(KEYS_REGION);
        assertThat(client.listKeysPaginator(request -> request.limit(7)).keys().stream().map(KeyListEntry::keyId).toList())
                .containsExactlyInAnyOrderElementsOf(keyIds);
        assertThat(client.listKeys(request -> { }).keys()).allMatch(key -> key.keyArn()
                .equals(KmsTestSupport.arn(KEYS_REGION, key.keyId())));
    }

    @Test
    void listAliasesPagesThroughEveryAliasOnce() {
        // 52 aliases made here and the 39 predefined AWS aliases, in name order.
        assertThat(listAliases(20, List.of(20, 20, 20, 20, 11))).containsExactlyElementsOf(listedAliasNames);
        assertThat(listAliases(91, List.of(91))).containsExactlyElementsOf(listedAliasNames);
        // Without a limit, pages hold 50 aliases.
        assertThat(listAliases(null, List.of(50, 41))).containsExactlyElementsOf(listedAliasNames);

        KmsClient client = kms.client(ALIASES_REGION);
        String keyId = client.describeKey(request -> request.keyId(aliasNames.get(0))).keyMetadata().keyId();
        List<String> ofKey = new ArrayList<>();
        String marker = null;
        do {
            String current = marker;
            ListAliasesResponse page = client.listAliases(request -> request.keyId(keyId).limit(10).marker(current));
            assertThat(page.aliases()).hasSizeLessThanOrEqualTo(10).allMatch(alias -> alias.targetKeyId().equals(keyId));
            ofKey.addAll(page.aliases().stream().map(AliasListEntry::aliasName).toList());
            marker = page.truncated() ? page.nextMarker() : null;
        } while (marker != null);
        assertThat(ofKey).containsExactlyElementsOf(IntStream.range(0, 26).mapToObj(i -> aliasNames.get(2 * i)).toList());
    }

    @Test
    void listResourceTagsPagesThroughEveryTagOnce() {
        assertThat(listTags(15, List.of(15, 15, 15, 5))).containsExactlyElementsOf(tags);
        assertThat(listTags(50, List.of(50))).containsExactlyElementsOf(tags);
        assertThat(listTags(null, List.of(50))).containsExactlyElementsOf(tags);
    }

    @Test
    void aMarkerThatMeridianDidNotMakeIsInvalid() {
        String tagMarker = kms.client(TAGS_REGION).listResourceTags(request -> request.keyId(taggedKey).limit(1)).nextMarker();
        for (String marker : new String[] {"garbage", "bm90LWEtbWFya2Vy", tagMarker}) {
            assertKmsError(() -> kms.client(KEYS_REGION).listKeys(request -> request.marker(marker)),
                    InvalidMarkerException.class, MARKER_MESSAGE);
        }
        assertKmsError(() -> kms.client(ALIASES_REGION).listAliases(request -> request.marker("!!!")),
                InvalidMarkerException.class, MARKER_MESSAGE);
        assertKmsError(() -> kms.client(TAGS_REGION).listResourceTags(request -> request.keyId(taggedKey).marker("!!!")),
                InvalidMarkerException.class, MARKER_MESSAGE);
    }

    @Test
    void theLimitIsBetweenOneAndAThousand() {
        String tooSmall = "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
                + "Member must have value greater than or equal to 1";
        String tooLarge = "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: "
                + "Member must have value less than or equal to 1000";
        KmsClient keys = kms.client(KEYS_REGION);
        assertUndeclaredError(() -> keys.listKeys(request -> request.limit(0)), "ValidationException", tooSmall);
        assertUndeclaredError(() -> keys.listKeys(request -> request.limit(1001)), "ValidationException", tooLarge);
        assertUndeclaredError(() -> kms.client(ALIASES_REGION).listAliases(request -> request.limit(0)),
                "ValidationException", tooSmall);
        assertUndeclaredError(() -> kms.client(ALIASES_REGION).listAliases(request -> request.limit(1001)),
                "ValidationException", tooLarge);
        assertUndeclaredError(() -> kms.client(TAGS_REGION).listResourceTags(request -> request.keyId(taggedKey).limit(0)),
                "ValidationException", tooSmall);
        assertUndeclaredError(() -> kms.client(TAGS_REGION).listResourceTags(request -> request.keyId(taggedKey).limit(1001)),
                "ValidationException", tooLarge);
        assertUndeclaredError(() -> keys.listKeyPolicies(request -> request.keyId(keyIds.get(0)).limit(0)),
                "ValidationException", tooSmall);
    }
}
