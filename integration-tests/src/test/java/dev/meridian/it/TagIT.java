package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.InvalidArnException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;
import software.amazon.awssdk.services.kms.model.TagException;

/** TagResource, UntagResource, ListResourceTags and the rules of tags. */
class TagIT {
    private static final String REGION = "us-west-2";
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();

    private static KmsClient client() {
        return kms.client(REGION);
    }

    private static String newKey() {
        return client().createKey(request -> { }).keyMetadata().keyId();
    }

    static Tag tag(String key, String value) {
        return Tag.builder().tagKey(key).tagValue(value).build();
    }

    private static List<Tag> tagsOf(String keyId) {
        return client().listResourceTags(request -> request.keyId(keyId)).tags();
    }

    private static List<Tag> numbered(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> tag("key" + i, "value" + i)).toList();
    }

    @Test
    void tagsAreAddedOverwrittenAndRemoved() {
        String keyId = newKey();
        assertThat(client().listResourceTags(request -> request.keyId(keyId)).truncated()).isFalse();
        assertThat(tagsOf(keyId)).isEmpty();

        client().tagResource(request -> request.keyId(keyId).tags(tag("env", "dev"), tag("owner", "")));
        assertThat(tagsOf(keyId)).containsExactly(tag("env", "dev"), tag("owner", ""));

        client().tagResource(request -> request.keyId(arn(REGION, keyId)).tags(tag("env", "prod"), tag("cost", "42")));
        assertThat(tagsOf(keyId)).containsExactlyInAnyOrder(tag("env", "prod"), tag("owner", ""), tag("cost", "42"));

        client().untagResource(request -> request.keyId(keyId).tagKeys("owner", "not-there"));
        assertThat(tagsOf(arn(REGION, keyId))).containsExactlyInAnyOrder(tag("env", "prod"), tag("cost", "42"));
        client().untagResource(request -> request.keyId(arn(REGION, keyId)).tagKeys("env", "cost"));
        assertThat(tagsOf(keyId)).isEmpty();
    }

    @Test
    void tagsArePerKeyAndKeysAreCaseSensitive() {
        String first = newKey();
        String second = newKey();
        client().tagResource(request -> request.keyId(first).tags(tag("Env", "a"), tag("env", "b")));
        assertThat(tagsOf(first)).containsExactlyInAnyOrder(tag("Env", "a"), tag("env", "b"));
        assertThat(tagsOf(second)).isEmpty();
    }

    @Test
    void theAwsPrefixIsReservedInAnyCase() {
        String keyId = newKey();
        for (String reserved : new String[] {"aws:key1", "AWS:key1", "Aws:cost"}) {
            assertKmsError(() -> client().tagResource(request -> request.keyId(keyId).tags(tag(reserved, "v"))),
                    TagException.class, "Tags beginning with aws: are reserved");
            assertKmsError(() -> client().createKey(request -> request.tags(tag(reserved, "v"))),
                    TagException.class, "Tags beginning with aws: are reserved");
        }
        client().tagResource(request -> request.keyId(keyId).tags(tag("awsome", "v"), tag("x", "aws:value")));
        assertThat(tagsOf(keyId)).containsExactly(tag("awsome", "v"), tag("x", "aws:value"));
    }

    @Test
    void duplicateKeysInOneRequestAreRefused() {
        String keyId = newKey();
        assertKmsError(() -> client().tagResource(request -> request.keyId(keyId)
                .tags(tag("tag1", "value1"), tag("tag1", "another-value1"))), TagException.class, "Duplicate tag keys");
        assertKmsError(() -> client().createKey(request -> request.tags(tag("tag1", "value1"), tag("tag1", "value1"))),
                TagException.class, "Duplicate tag keys");
        assertThat(tagsOf(keyId)).isEmpty();
    }

    @Test
    void aKeyHasAtMostFiftyTags() {
        assertKmsError(() -> client().createKey(request -> request.tags(numbered(0, 51))), TagException.class,
                "Too many tags");
        String keyId = client().createKey(request -> request.tags(numbered(0, 50))).keyMetadata().keyId();
        assertThat(client().listResourceTags(request -> request.keyId(keyId)).tags()).hasSize(50);

        assertKmsError(() -> client().tagResource(request -> request.keyId(keyId).tags(tag("one-more", "v"))),
                TagException.class, "Too many tags");
        // Overwriting a value does not add a tag.
        client().tagResource(request -> request.keyId(keyId).tags(tag("key7", "changed")));
        client().untagResource(request -> request.keyId(keyId).tagKeys("key0"));
        client().tagResource(request -> request.keyId(keyId).tags(tag("one-more", "v")));
        List<Tag> tags = client().listResourceTags(request -> request.keyId(keyId)).tags();
        assertThat(tags).hasSize(50).contains(tag("key7", "changed"), tag("one-more", "v")).doesNotContain(tag("key0", "value0"));
    }

    @Test
    void tagKeysAndValuesHaveTheModelsLengthLimits() {
        String keyId = newKey();
        String longKey = "k".repeat(129);
        String longValue = "v".repeat(257);
        assertUndeclaredError(() -> client().tagResource(request -> request.keyId(keyId).tags(tag("ok", "1"), tag(longKey, "v"))),
                "ValidationException", "1 validation error detected: Value '" + longKey + "' at 'tags.2.member.tagKey' "
                        + "failed to satisfy constraint: Member must have length less than or equal to 128");
        assertUndeclaredError(() -> client().createKey(request -> request.tags(tag("tag1", longValue))),
                "ValidationException", "1 validation error detected: Value '" + longValue + "' at 'tags.1.member.tagValue' "
                        + "failed to satisfy constraint: Member must have length less than or equal to 256");
        assertUndeclaredError(() -> client().tagResource(request -> request.keyId(keyId).tags(tag("", "v"))),
                "ValidationException", "1 validation error detected: Value '' at 'tags.1.member.tagKey' "
                        + "failed to satisfy constraint: Member must have length greater than or equal to 1");
        String maxKey = "k".repeat(128);
        String maxValue = "v".repeat(256);
        client().tagResource(request -> request.keyId(keyId).tags(tag(maxKey, maxValue)));
        assertThat(tagsOf(keyId)).containsExactly(tag(maxKey, maxValue));
    }

    @Test
    void aKeyPendingDeletionKeepsItsTagsButTakesNoChanges() {
        String keyId = client().createKey(request -> request.tags(tag("kept", "yes"))).keyMetadata().keyId();
        client().scheduleKeyDeletion(request -> request.keyId(keyId));
        String pending = arn(REGION, keyId) + " is pending deletion.";

        assertKmsError(() -> client().tagResource(request -> request.keyId(keyId).tags(tag("new", "no"))), KmsInvalidStateException.class,
                pending);
        assertKmsError(() -> client().untagResource(request -> request.keyId(keyId).tagKeys("kept")), KmsInvalidStateException.class,
                pending);
        assertThat(tagsOf(keyId)).containsExactly(tag("kept", "yes"));
    }

    @Test
    void tagOperationsNameTheKeyByIdOrArnOnly() {
        String keyId = newKey();
        client().createAlias(request -> request.aliasName("alias/tagged").targetKeyId(keyId));
        String missing = "0b0e0f0a-1111-4222-8333-944445555666";

        assertKmsError(() -> client().tagResource(request -> request.keyId("alias/tagged").tags(tag("a", "b"))),
                InvalidArnException.class, "Key Aliases are not supported for this operation.");
        assertKmsError(() -> client().listResourceTags(request -> request.keyId("alias/tagged")),
                InvalidArnException.class, "Key Aliases are not supported for this operation.");
        assertKmsError(() -> client().tagResource(request -> request.keyId(missing).tags(tag("a", "b"))),
                NotFoundException.class, "Key '" + arn(REGION, missing) + "' does not exist");
        assertKmsError(() -> client().listResourceTags(request -> request.keyId(missing)),
                NotFoundException.class, "Key '" + arn(REGION, missing) + "' does not exist");
        assertKmsError(() -> client().untagResource(request -> request.keyId(missing).tagKeys("a")),
                NotFoundException.class, "Key '" + arn(REGION, missing) + "' does not exist");
    }
}
