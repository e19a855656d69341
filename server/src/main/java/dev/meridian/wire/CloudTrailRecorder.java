package dev.meridian.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.audit.AuditEvent;
import dev.meridian.audit.AuditLog;
import dev.meridian.audit.AuditResource;
import dev.meridian.audit.UserIdentity;
import dev.meridian.core.KeyManagementService.GrantTokenTarget;
import dev.meridian.core.KeyManagementService;
import dev.meridian.model.Region;
import dev.meridian.model.RequestContext;
import dev.meridian.wire.model.OperationModel;
import dev.meridian.wire.model.ServiceModel;
import dev.meridian.wire.model.Shape;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the audit record of each KMS request at the wire edge, where the request, the caller, the
 * outcome and the request ID are all known, and queues it in the {@link AuditLog}. Every request gets
 * one record, refused ones included (unknown operation, bad signature, validation); ReplicateKey also
 * gets the replica's {@code CreateKey} in the replica's Region, and UpdatePrimaryRegion a second record
 * in the new primary's Region, as AWS KMS writes them. Thread-safe; the per-request state is a
 * {@link RequestFacts} that travels with the request.
 */
final class CloudTrailRecorder {
    /** The Region of a record whose request named none that could be read. */
    static final String FALLBACK_REGION = "us-east-1";
    private static final int MAXIMUM_EVENT_NAME = 128;
    private static final Set<String> READ_ONLY = Set.of("Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey",
            "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
            "GenerateRandom", "GenerateMac", "VerifyMac", "Sign", "Verify", "DeriveSharedSecret");
    private static final List<String> KEY_MEMBERS = List.of("KeyId", "TargetKeyId", "SourceKeyId", "DestinationKeyId");
    /** Output members that name the key an operation worked on. */
    private static final List<String> KEY_NAMING_OUTPUTS = List.of("KeyId", "KeyMetadata", "ReplicaKeyMetadata");

    private final AuditLog log;
    private final Clock clock;
    private final ServiceModel model;
    private final KeyManagementService service;
    private final CallerAccounts accounts;

    /**
     * Records each request in its caller's account (the recipient of the record); a request whose caller is not
     * known (its signature refused) in the account {@code accounts} gives for its access key ID.
     */
    CloudTrailRecorder(AuditLog log, Clock clock, ServiceModel model, KeyManagementService service, CallerAccounts accounts) {
        this.accounts = accounts;
        this.log = log;
        this.clock = clock;
        this.model = model;
        this.service = service;
    }

    /** What is known of one request so far; filled in as the handler gets further. */
    static final class RequestFacts {
        final String requestId;
        /** When the request began to be served ({@link System#nanoTime()}), for its latency. */
        final long startedNanos = System.nanoTime();
        /** The ID of the request's own audit record, known before the request runs (GetKeyLastUsage reports it). */
        final String eventId = AuditEvent.randomId();
        final Instant time;
        final String sourceIpAddress;
        final String userAgent;
        final String accessKeyId;
        final String scopeRegion;
        final String target;
        OperationModel operation;
        /**
         * The request's context once its signature is accepted, built once by the handler; it stays when the
         * request is then refused (its method, its operation), so that the record shows the caller.
         */
        RequestContext context;
        JsonNode body;
        /** The request as its handler saw it; the handler's {@code additionalEventData} is read from it. */
        WireRequest wireRequest;
        /** An outage failed the request in front of KMS: it has no record, as it never reached the service. */
        boolean unrecorded;

        private RequestFacts(String requestId, Instant time, String sourceIpAddress, String userAgent,
                String authorization, String target) {
            this.requestId = requestId;
            this.time = time;
            this.sourceIpAddress = sourceIpAddress;
            this.userAgent = userAgent;
            this.target = target;
            String credential = credential(authorization);
            String[] scope = credential == null ? new String[0] : credential.split("/", 5);
            this.accessKeyId = scope.length > 0 && !scope[0].isEmpty() ? scope[0] : null;
            this.scopeRegion = scope.length > 2 && Region.isWellFormed(scope[2]) ? scope[2] : null;
        }

        /**
         * The context of a request that named a known operation and was authenticated: the requests the metrics
         * and the request log count by Region and account; null for any other.
         */
        RequestContext operationContext() {
            return operation == null ? null : context;
        }

        private static String credential(String authorization) {
            if (authorization == null) {
                return null;
            }
            int start = authorization.indexOf("Credential=");
            if (start < 0) {
                return null;
            }
            start += "Credential=".length();
            int end = authorization.indexOf(',', start);
            return (end < 0 ? authorization.substring(start) : authorization.substring(start, end)).trim();
        }
    }

    /** True when the audit queue has room for this request's record; otherwise the request is refused. */
    boolean admits() {
        return log.admits();
    }

    /** Takes what the record needs from the request while its headers are still there (on the event loop). */
    RequestFacts begin(ChannelHandlerContext context, FullHttpRequest request, String requestId, String target) {
        return new RequestFacts(requestId, now(), sourceIpOf(context), request.headers().get(HttpHeaderNames.USER_AGENT),
                request.headers().get(HttpHeaderNames.AUTHORIZATION), target);
    }

    /** The time of the records' clock. */
    Instant now() {
        return clock.instant();
    }

    /** The IP address of the client at the other end of {@code context}'s connection; null when not known. */
    static String sourceIpOf(ChannelHandlerContext context) {
        SocketAddress remote = context.channel().remoteAddress();
        return remote instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().getHostAddress() : null;
    }

    /** Records the outcome of a request: a response body, or an error. */
    void record(RequestFacts facts, ObjectNode response, WireError error) {
        RequestContext caller = facts.context;
        String eventName = eventName(facts);
        String region = caller != null ? caller.region().toString() : facts.scopeRegion != null ? facts.scopeRegion : FALLBACK_REGION;
        UserIdentity identity = caller == null ? UserIdentity.unknown(facts.accessKeyId) : UserIdentity.of(caller.principal());
        boolean readOnly = isReadOnly(eventName);
        Map<String, Object> requestParameters = facts.operation == null ? null
                : CloudTrailParameters.withDefaults(eventName, CloudTrailParameters.of(facts.body, facts.operation.inputShape()));
        GrantTokenTarget retired = null;
        if (eventName.equals("RetireGrant")) {
            requestParameters = null;
            retired = caller == null ? null : retiredGrant(facts);
        }
        AuditEvent.Builder event = AuditEvent.builder()
                .eventTime(facts.time).eventName(eventName).awsRegion(region)
                .sourceIpAddress(facts.sourceIpAddress).userAgent(facts.userAgent).userIdentity(identity)
                .requestParameters(requestParameters).requestId(facts.requestId).eventId(facts.eventId)
                .readOnly(readOnly).recipientAccountId(caller != null ? caller.account().toString()
                        : accounts.accountOf(facts.accessKeyId).toString());
        List<String> keyArns = caller == null ? List.of() : keyArns(facts, caller, response);
        if (keyArns.isEmpty() && retired != null && retired.keyArn() != null) {
            keyArns = List.of(retired.keyArn());
        }
        keyArns.forEach(arn -> event.resource(AuditResource.kmsKey(arn)));
        Map<String, Object> additional = error == null && facts.wireRequest != null
                ? facts.wireRequest.additionalEventData() : null;
        if (retired != null && retired.grantId() != null) {
            additional = additional == null ? new LinkedHashMap<>() : additional;
            additional.put("grantId", retired.grantId());
        }
        event.additionalEventData(additional);
        if (error != null) {
            // CloudTrail names a refusal AccessDenied, without "Exception"; other errors keep their name (recorded).
            event.error(error.type().equals("AccessDeniedException") ? "AccessDenied" : error.type(), error.message());
        } else if (!readOnly) {
            event.responseElements(responseElements(facts, response, keyArns));
        }
        log.record(event.build());
        if (error == null && caller != null && response != null) {
            recordCrossRegion(facts, caller, identity, eventName, response);
        }
    }

    private static String eventName(RequestFacts facts) {
        if (facts.operation != null) {
            return facts.operation.name();
        }
        String name = facts.target == null ? "" : facts.target.substring(facts.target.lastIndexOf('.') + 1);
        if (name.isBlank()) {
            return "UnknownOperation";
        }
        return name.length() > MAXIMUM_EVENT_NAME ? name.substring(0, MAXIMUM_EVENT_NAME) : name;
    }

    static boolean isReadOnly(String operation) {
        return READ_ONLY.contains(operation) || operation.startsWith("Describe") || operation.startsWith("List")
                || operation.startsWith("Get");
    }

    /**
     * The keys the request touched, as ARNs: from the response where it names them, else from the request's key
     * members as the core resolved them in the caller's Region (looked up only when the request failed first).
     */
    private List<String> keyArns(RequestFacts facts, RequestContext caller, ObjectNode response) {
        String operation = facts.operation == null ? null : facts.operation.name();
        if (operation == null || facts.body == null) {
            return List.of();
        }
        if (response != null && !"ReplicateKey".equals(operation)) {
            String metadataArn = response.path("KeyMetadata").path("Arn").textValue();
            if (metadataArn != null) {
                return List.of(metadataArn);
            }
            String keyArn = arnOrNull(response.path("KeyId").textValue());
            String sourceArn = arnOrNull(response.path("SourceKeyId").textValue());
            if (sourceArn != null && keyArn != null) {
                return sourceArn.equals(keyArn) ? List.of(keyArn) : List.of(sourceArn, keyArn);
            }
            if (keyArn != null) {
                return List.of(keyArn);
            }
        }
        List<String> arns = new java.util.ArrayList<>(2);
        for (String member : KEY_MEMBERS) {
            JsonNode value = facts.body.get(member);
            if (value != null && value.isTextual()) {
                keyArn(caller, value.textValue()).filter(arn -> !arns.contains(arn)).ifPresent(arns::add);
            }
        }
        return arns;
    }

    /**
     * The ARN of the key {@code keyId} names: as the operation's core reported it when it resolved the name, else
     * (the request failed before it did) looked up now, the same way.
     */
    private Optional<String> keyArn(RequestContext caller, String keyId) {
        String resolved = caller.resolvedKeys().arnOf(caller.region(), keyId);
        return resolved != null ? Optional.of(resolved) : service.keyArn(caller, keyId);
    }

    private static String arnOrNull(String keyId) {
        return keyId != null && keyId.startsWith("arn:") ? keyId : null;
    }

    /**
     * CloudTrail's responseElements of a write: the response without secrets; when the response does not
     * name the key (void operations, CreateGrant), the key's ARN as {@code keyId}, as AWS records since
     * December 2022.
     */
    private Map<String, Object> responseElements(RequestFacts facts, ObjectNode response, List<String> keyArns) {
        Shape output = facts.operation.outputShapeName().flatMap(model::shape).orElse(null);
        Map<String, Object> elements = CloudTrailParameters.of(response, output);
        boolean namesKey = output != null && KEY_NAMING_OUTPUTS.stream().anyMatch(member -> output.member(member).isPresent());
        if (!namesKey && !keyArns.isEmpty()) {
            elements = elements == null ? new LinkedHashMap<>() : elements;
            elements.put("keyId", keyArns.get(0));
        }
        return elements;
    }

    /**
     * The grant a RetireGrant names, by its token or by key and grant ID; its key is null when the request
     * named none that exists. AWS records the grant ID as {@code additionalEventData} and no request
     * parameters (the token is a credential).
     */
    private GrantTokenTarget retiredGrant(RequestFacts facts) {
        if (facts.body == null) {
            return null;
        }
        JsonNode token = facts.body.get("GrantToken");
        if (token != null && token.isTextual()) {
            return service.grantTokenTarget(token.textValue()).orElse(null);
        }
        JsonNode grantId = facts.body.get("GrantId");
        return grantId != null && grantId.isTextual() ? new GrantTokenTarget(null, grantId.textValue()) : null;
    }

    /** The second record of a multi-Region request, in the other Region, made by KMS for the caller. */
    private void recordCrossRegion(RequestFacts facts, RequestContext caller, UserIdentity identity, String eventName,
            ObjectNode response) {
        if (eventName.equals("ReplicateKey")) {
            JsonNode metadata = response.path("ReplicaKeyMetadata");
            String replicaArn = metadata.path("Arn").textValue();
            String replicaRegion = facts.body.path("ReplicaRegion").textValue();
            if (replicaArn == null || replicaRegion == null) {
                return;
            }
            Map<String, Object> parameters = new LinkedHashMap<>();
            Map<String, Object> replicateParameters = CloudTrailParameters.of(facts.body, facts.operation.inputShape());
            if (replicateParameters != null) {
                copy(replicateParameters, parameters, "policy", "description", "bypassPolicyLockoutSafetyCheck", "tags");
            }
            copyText(metadata, parameters, "KeyUsage", "KeySpec", "Origin");
            parameters.put("multiRegion", true);
            Map<String, Object> responseElements = new LinkedHashMap<>();
            Shape metadataShape = model.shape("KeyMetadata").orElse(null);
            responseElements.put("keyMetadata", CloudTrailParameters.of(metadata, metadataShape));
            log.record(crossRegion(facts, identity, "CreateKey", replicaRegion, parameters, replicaArn)
                    .responseElements(responseElements).build());
        } else if (eventName.equals("UpdatePrimaryRegion")) {
            String newPrimaryRegion = facts.body.path("PrimaryRegion").textValue();
            String keyId = facts.body.path("KeyId").textValue();
            // The core reported the replica it found in the new primary Region: no ARN is made from strings here.
            String newPrimaryArn = newPrimaryRegion == null || keyId == null || !Region.isWellFormed(newPrimaryRegion)
                    ? null : caller.resolvedKeys().arnOf(Region.of(newPrimaryRegion), keyId);
            if (newPrimaryArn == null) {
                return;
            }
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("keyId", newPrimaryArn);
            parameters.put("primaryRegion", newPrimaryRegion);
            log.record(crossRegion(facts, identity, "UpdatePrimaryRegion", newPrimaryRegion, parameters, newPrimaryArn).build());
        }
    }

    private AuditEvent.Builder crossRegion(RequestFacts facts, UserIdentity identity, String eventName, String region,
            Map<String, Object> parameters, String keyArn) {
        return AuditEvent.builder().eventTime(facts.time).eventName(eventName).awsRegion(region)
                .sourceIpAddress(facts.sourceIpAddress).userAgent(facts.userAgent).userIdentity(identity.invokedByKms())
                .requestParameters(parameters).requestId(facts.requestId).readOnly(false)
                .recipientAccountId(identity.accountId()).resource(AuditResource.kmsKey(keyArn));
    }

    private static void copy(Map<String, Object> from, Map<String, Object> to, String... names) {
        for (String name : names) {
            if (from.containsKey(name)) {
                to.put(name, from.get(name));
            }
        }
    }

    private static void copyText(JsonNode from, Map<String, Object> to, String... members) {
        for (String member : members) {
            String value = from.path(member).textValue();
            if (value != null) {
                to.put(CloudTrailParameters.lowerCamel(member), value);
            }
        }
    }
}
