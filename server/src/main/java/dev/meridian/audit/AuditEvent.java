package dev.meridian.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One audit record, with the fields of a CloudTrail event for KMS. Immutable: the parameter trees are
 * copied into unmodifiable maps and lists when built. The builder never receives a secret: request and
 * response members that hold plaintext, ciphertext or key material are left out before they get here
 * (the wire drops every blob and every sensitive member of the service model).
 *
 * <p>Parameter trees ({@link #requestParameters()}, {@link #responseElements()},
 * {@link #additionalEventData()}, {@link #serviceEventDetails()}) hold only strings, booleans, numbers, maps with string keys and lists.
 * The event time is kept to the second, as CloudTrail shows it.
 */
public final class AuditEvent {
    /** The CloudTrail event format version Meridian writes. */
    public static final String EVENT_VERSION = "1.11";
    public static final String EVENT_SOURCE = "kms.amazonaws.com";
    /** The request parameters that name a key. */
    private static final List<String> KEY_PARAMETERS = List.of("keyId", "sourceKeyId", "destinationKeyId", "targetKeyId");

    /** CloudTrail's {@code eventType}. */
    public enum EventType {
        /** A request, made by a caller or by KMS on a caller's behalf. */
        AwsApiCall,
        /** Something KMS did on its own (rotation, deletion at the end of a window). */
        AwsServiceEvent
    }

    private final String eventId;
    private final Instant eventTime;
    private final String eventName;
    private final String awsRegion;
    private final String sourceIpAddress;
    private final String userAgent;
    private final UserIdentity userIdentity;
    private final Map<String, Object> requestParameters;
    private final Map<String, Object> responseElements;
    private final Map<String, Object> serviceEventDetails;
    private final Map<String, Object> additionalEventData;
    private final List<AuditResource> resources;
    private final String errorCode;
    private final String errorMessage;
    private final String requestId;
    private final boolean readOnly;
    private final EventType eventType;
    private final String recipientAccountId;

    private AuditEvent(Builder builder) {
        this.eventId = builder.eventId == null ? randomId() : builder.eventId;
        this.eventTime = Objects.requireNonNull(builder.eventTime, "eventTime").truncatedTo(ChronoUnit.SECONDS);
        this.eventName = Objects.requireNonNull(builder.eventName, "eventName");
        this.awsRegion = Objects.requireNonNull(builder.awsRegion, "awsRegion");
        this.sourceIpAddress = builder.sourceIpAddress;
        this.userAgent = builder.userAgent;
        this.userIdentity = Objects.requireNonNull(builder.userIdentity, "userIdentity");
        this.requestParameters = copy(builder.requestParameters);
        this.responseElements = copy(builder.responseElements);
        this.serviceEventDetails = copy(builder.serviceEventDetails);
        this.additionalEventData = copy(builder.additionalEventData);
        this.resources = List.copyOf(builder.resources);
        this.errorCode = builder.errorCode;
        this.errorMessage = builder.errorMessage;
        this.requestId = builder.requestId;
        this.readOnly = builder.readOnly;
        this.eventType = Objects.requireNonNull(builder.eventType, "eventType");
        this.recipientAccountId = builder.recipientAccountId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A random ID in UUID form (version 4). Unique, not secret, so it comes from a per-thread generator
     * rather than the shared (and locked) secure one: the request path must not contend on it.
     */
    public static String randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, ?> tree) {
        return tree == null ? null : (Map<String, Object>) deepCopy(tree);
    }

    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copied = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            map.forEach((key, element) -> copied.put((String) key, deepCopy(element)));
            return Collections.unmodifiableMap(copied);
        }
        if (value instanceof List<?> list) {
            List<Object> copied = new ArrayList<>(list.size());
            list.forEach(element -> copied.add(deepCopy(element)));
            return Collections.unmodifiableList(copied);
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        throw new IllegalArgumentException("An audit parameter is a string, boolean, number, map or list, not "
                + value.getClass().getSimpleName());
    }

    public String eventId() {
        return eventId;
    }

    public Instant eventTime() {
        return eventTime;
    }

    public String eventName() {
        return eventName;
    }

    public String awsRegion() {
        return awsRegion;
    }

    public String sourceIpAddress() {
        return sourceIpAddress;
    }

    public String userAgent() {
        return userAgent;
    }

    public UserIdentity userIdentity() {
        return userIdentity;
    }

    /** The request's members, camel-cased as CloudTrail writes them, secrets left out; null for none. */
    public Map<String, Object> requestParameters() {
        return requestParameters;
    }

    /** What CloudTrail records of the response; null for read-only operations and for failures. */
    public Map<String, Object> responseElements() {
        return responseElements;
    }

    /** For service events: what the event was about ({@code keyId}); null otherwise. */
    public Map<String, Object> serviceEventDetails() {
        return serviceEventDetails;
    }

    /**
     * What CloudTrail adds beyond the request and response: RetireGrant's {@code grantId}; the
     * {@code keyMaterialId} of Encrypt, Decrypt and GenerateDataKey*; ReEncrypt's
     * {@code destinationKeyMaterialId} and {@code sourceKeyMaterialId}. Null for none.
     */
    public Map<String, Object> additionalEventData() {
        return additionalEventData;
    }

    public List<AuditResource> resources() {
        return resources;
    }

    /**
     * The resources LookupEvents lists for this event ({@code Resources}): each of {@link #resources()} by its
     * ARN, then each key the request named by its bare key ID ({@code keyId}, {@code sourceKeyId},
     * {@code destinationKeyId} or {@code targetKeyId} of {@link #requestParameters()}) by that ID, as CloudTrail's
     * event history lists both. Only IDs of keys among {@link #resources()} count: never text a request made up.
     */
    public List<AuditResource> lookupResources() {
        if (requestParameters == null || resources.isEmpty()) {
            return resources;
        }
        List<AuditResource> listed = new ArrayList<>(resources);
        for (String member : KEY_PARAMETERS) {
            if (requestParameters.get(member) instanceof String keyId && !keyId.startsWith("arn:")) {
                for (AuditResource resource : resources) {
                    AuditResource byId = new AuditResource(keyId, resource.accountId(), resource.type());
                    if (resource.arn().endsWith(":key/" + keyId) && !listed.contains(byId)) {
                        listed.add(byId);
                    }
                }
            }
        }
        return listed;
    }

    /** The AWS error code of a refused request; null when it succeeded. */
    public String errorCode() {
        return errorCode;
    }

    public String errorMessage() {
        return errorMessage;
    }

    /** The {@code x-amzn-RequestId} the caller received; null for service events. */
    public String requestId() {
        return requestId;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public EventType eventType() {
        return eventType;
    }

    public String recipientAccountId() {
        return recipientAccountId;
    }

    /** The account the record belongs to: the recipient account, else the caller's. */
    public String accountId() {
        return recipientAccountId != null ? recipientAccountId : userIdentity.accountId();
    }

    @Override
    public String toString() {
        return "AuditEvent[" + eventName + " " + awsRegion + " " + eventId + (errorCode == null ? "" : " " + errorCode) + "]";
    }

    /** Collects the fields of an event; {@link #build()} checks the required ones. */
    public static final class Builder {
        private String eventId;
        private Instant eventTime;
        private String eventName;
        private String awsRegion;
        private String sourceIpAddress;
        private String userAgent;
        private UserIdentity userIdentity;
        private Map<String, ?> requestParameters;
        private Map<String, ?> responseElements;
        private Map<String, ?> serviceEventDetails;
        private Map<String, ?> additionalEventData;
        private final List<AuditResource> resources = new ArrayList<>(2);
        private String errorCode;
        private String errorMessage;
        private String requestId;
        private boolean readOnly;
        private EventType eventType = EventType.AwsApiCall;
        private String recipientAccountId;

        private Builder() {
        }

        /** A fixed event ID; a random UUID when not set. */
        public Builder eventId(String value) {
            this.eventId = value;
            return this;
        }

        public Builder eventTime(Instant value) {
            this.eventTime = value;
            return this;
        }

        public Builder eventName(String value) {
            this.eventName = value;
            return this;
        }

        public Builder awsRegion(String value) {
            this.awsRegion = value;
            return this;
        }

        public Builder sourceIpAddress(String value) {
            this.sourceIpAddress = value;
            return this;
        }

        public Builder userAgent(String value) {
            this.userAgent = value;
            return this;
        }

        public Builder userIdentity(UserIdentity value) {
            this.userIdentity = value;
            return this;
        }

        public Builder requestParameters(Map<String, ?> value) {
            this.requestParameters = value;
            return this;
        }

        public Builder responseElements(Map<String, ?> value) {
            this.responseElements = value;
            return this;
        }

        public Builder serviceEventDetails(Map<String, ?> value) {
            this.serviceEventDetails = value;
            return this;
        }

        public Builder additionalEventData(Map<String, ?> value) {
            this.additionalEventData = value;
            return this;
        }

        /** Adds a resource, once: a key named twice (ReEncrypt within one key) is listed once. */
        public Builder resource(AuditResource value) {
            if (!resources.contains(value)) {
                resources.add(value);
            }
            return this;
        }

        public Builder error(String code, String message) {
            this.errorCode = code;
            this.errorMessage = message;
            return this;
        }

        public Builder requestId(String value) {
            this.requestId = value;
            return this;
        }

        public Builder readOnly(boolean value) {
            this.readOnly = value;
            return this;
        }

        public Builder eventType(EventType value) {
            this.eventType = value;
            return this;
        }

        public Builder recipientAccountId(String value) {
            this.recipientAccountId = value;
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(this);
        }
    }
}
