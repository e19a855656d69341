package dev.meridian.core;

import dev.meridian.core.KeyResolver.AliasNames;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.RequestContext;
import dev.meridian.model.Tag;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** TagResource, UntagResource and ListResourceTags. Tags are per Region, never replicated. Thread-safe. */
public final class Tagging {
    private final KeyRegistry registry;
    private final KeyResolver resolver;

    Tagging(KeyRegistry registry) {
        this.registry = registry;
        this.resolver = new KeyResolver(registry);
    }

    /** Adds or replaces tags; the request's tags are checked before the write, their error given after the key's. */
    public void tagResource(RequestContext caller, String keyId, List<Tag> tags) {
        Precheck<List<Tag>> checkedTags = Precheck.of(() -> TagRules.checkRequest(tags));
        registry.write(mutation -> {
            KeyRecord key = resolver.resolve(caller, keyId, AliasNames.REFUSED,
                    Access.to("TagResource").withRequestTags(tags)).record();
            KeyStateRules.TAG_RESOURCE.check(key);
            mutation.putKey(key.toBuilder().tags(TagRules.merge(key.tags(), checkedTags.get())).build());
            return null;
        });
    }

    public void untagResource(RequestContext caller, String keyId, List<String> tagKeys) {
        Set<String> removed = new HashSet<>(tagKeys);
        registry.write(mutation -> {
            KeyRecord key = resolver.resolve(caller, keyId, AliasNames.REFUSED,
                    Access.to("UntagResource").withAll("aws:TagKeys", tagKeys)).record();
            KeyStateRules.UNTAG_RESOURCE.check(key);
            mutation.putKey(key.toBuilder().tags(key.tags().stream().filter(tag -> !removed.contains(tag.key())).toList())
                    .build());
            return null;
        });
    }

    /** The key's tags in the order they were added. */
    public Page<Tag> listResourceTags(RequestContext caller, String keyId, Integer limit, String marker) {
        String after = Pagination.position(marker);
        List<Tag> tags = resolver.resolve(caller, keyId, AliasNames.REFUSED, Access.to("ListResourceTags")).record().tags();
        int start = 0;
        if (after != null) {
            start = -1;
            for (int i = 0; i < tags.size(); i++) {
                if (tags.get(i).key().equals(after)) {
                    start = i + 1;
                }
            }
            if (start < 0) {
                throw new KmsException(ErrorCode.INVALID_MARKER, "The request was rejected because the marker is not valid.");
            }
        }
        return Pagination.page(tags.subList(start, tags.size()), limit, 50, 50, Tag::key);
    }
}
