package dev.meridian.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.audit.AuditLog;
import dev.meridian.core.ErrorCode;
import dev.meridian.core.KeyManagementService;
import dev.meridian.core.KmsException;
import dev.meridian.model.AccountId;
import dev.meridian.model.KeyId;
import dev.meridian.model.Region;
import dev.meridian.model.RequestContext;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The web console's JSON read API under {@code /_meridian/console/api/}: {@code overview} (the accounts and
 * Regions that hold keys), {@code keys} (one account's keys in one Region), {@code key} (one key's details, by
 * the tabs of AWS's console) and {@code audit} (the audit trail, filtered and paged). Every answer is made from
 * the core's own read operations, so it says what DescribeKey, ListAliases, ListResourceTags, GetKeyPolicy,
 * GetKeyRotationStatus, ListKeyRotations and GetPublicKey say; nothing here writes, and no answer holds key
 * material (the public key of an asymmetric key is not secret). Only {@code GET}; a parameter that is not
 * valid is 400, an unknown key or path 404, each with {@code {"message": "..."}}.
 */
final class ConsoleRoutes implements AdminRoute {
    /** The prefix of the console's API. */
    static final String PREFIX = AdminEndpoints.PREFIX + "console/api";
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    private final AccountId defaultAccount;
    private final ConsoleKeys keys;
    private final ConsoleAudit audit;

    ConsoleRoutes(KeyManagementService service, AuditLog auditLog, AccountId defaultAccount) {
        this.defaultAccount = defaultAccount;
        this.keys = new ConsoleKeys(service, defaultAccount);
        this.audit = new ConsoleAudit(auditLog);
    }

    @Override
    public Optional<Answer> answer(Request request) {
        String path = request.path();
        if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
            return Optional.empty();
        }
        if (!request.method().equals(HttpMethod.GET)) {
            return Optional.of(Answer.error(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "The console API is read-only: use GET, not " + request.method() + "."));
        }
        try {
            return Optional.of(Answer.json(HttpResponseStatus.OK, answer(path.substring(PREFIX.length()), request)));
        } catch (ConsoleRequestException e) {
            return Optional.of(Answer.error(e.status(), e.getMessage()));
        } catch (KmsException e) {
            HttpResponseStatus status = e.code() == ErrorCode.NOT_FOUND
                    ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.BAD_REQUEST;
            return Optional.of(Answer.error(status, e.getMessage()));
        }
    }

    private ObjectNode answer(String endpoint, Request request) {
        return switch (endpoint) {
            case "/overview" -> keys.overview();
            case "/keys" -> keys.keys(caller(request));
            case "/key" -> keys.key(caller(request), keyId(request));
            case "/audit" -> audit.events(ConsoleAudit.Filter.of(account(request), optionalRegion(request), request));
            default -> throw new ConsoleRequestException(HttpResponseStatus.NOT_FOUND,
                    "No console endpoint GET " + request.path() + "; there are overview, keys, key and audit.");
        };
    }

    /** The account named by {@code account}, or the server's own when none is named. */
    private AccountId account(Request request) {
        Optional<String> account = request.parameter("account");
        if (account.isEmpty()) {
            return defaultAccount;
        }
        if (!ACCOUNT.matcher(account.get()).matches()) {
            throw ConsoleRequestException.badRequest("account must be an AWS account ID of 12 digits, not '"
                    + shortened(account.get()) + "'.");
        }
        return AccountId.of(account.get());
    }

    private static Region optionalRegion(Request request) {
        Optional<String> region = request.parameter("region");
        if (region.isEmpty()) {
            return null;
        }
        if (!Region.isWellFormed(region.get())) {
            throw ConsoleRequestException.badRequest("region must be a Region name such as us-east-1, not '"
                    + shortened(region.get()) + "'.");
        }
        return Region.of(region.get());
    }

    /** The root of the named account in the named Region: the console reads as the account's owner. */
    private RequestContext caller(Request request) {
        Region region = optionalRegion(request);
        if (region == null) {
            throw ConsoleRequestException.badRequest("region is required.");
        }
        return RequestContext.root(account(request), region);
    }

    /** A key ID, never an alias or ARN: reading a predefined AWS alias would make its AWS managed key. */
    private static String keyId(Request request) {
        String text = request.parameter("keyId")
                .orElseThrow(() -> ConsoleRequestException.badRequest("keyId is required."));
        KeyId keyId = KeyId.parseOrNull(text);
        if (keyId == null) {
            throw ConsoleRequestException.badRequest("keyId must be a key ID (a UUID, or mrk- and 32 hex digits), not '"
                    + shortened(text) + "'.");
        }
        return keyId.value();
    }

    /** A parameter as an error message quotes it: at most 64 characters. */
    static String shortened(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
