package dev.meridian.core;

import dev.meridian.model.Tag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The rules for a key's tags: at most 50, unique keys, none in the reserved {@code aws:} namespace. */
final class TagRules {
    static final int MAXIMUM_TAGS_PER_KEY = 50;

    private TagRules() {
    }

    /**
     * Checks the tags of one request, in the order AWS does: duplicate keys, then the count, then the reserved
     * {@code aws:} prefix, which AWS refuses in any letter case ({@code AWS:}, {@code Aws:}).
     */
    static List<Tag> checkRequest(List<Tag> tags) {
        Set<String> keys = new HashSet<>();
        for (Tag tag : tags) {
            if (!keys.add(tag.key())) {
                throw new KmsException(ErrorCode.TAG, "Duplicate tag keys");
            }
        }
        if (tags.size() > MAXIMUM_TAGS_PER_KEY) {
            throw tooMany();
        }
        for (Tag tag : tags) {
            if (tag.key().regionMatches(true, 0, "aws:", 0, 4)) {
                throw new KmsException(ErrorCode.TAG, "Tags beginning with aws: are reserved");
            }
        }
        return tags;
    }

    /**
     * The tags of a key after {@code added} (tags that passed {@link #checkRequest}) are applied: same keys
     * replace their values, new keys append; more than {@value #MAXIMUM_TAGS_PER_KEY} in all is refused.
     */
    static List<Tag> merge(List<Tag> existing, List<Tag> added) {
        Map<String, String> merged = new LinkedHashMap<>();
        existing.forEach(tag -> merged.put(tag.key(), tag.value()));
        added.forEach(tag -> merged.put(tag.key(), tag.value()));
        if (merged.size() > MAXIMUM_TAGS_PER_KEY) {
            throw tooMany();
        }
        List<Tag> result = new ArrayList<>();
        merged.forEach((key, value) -> result.add(new Tag(key, value)));
        return result;
    }

    private static KmsException tooMany() {
        return new KmsException(ErrorCode.TAG, "Too many tags");
    }
}
