package dev.meridian.wire;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web console's page: a fixed set of static files (HTML, CSS, JavaScript modules, one SVG icon) shipped in
 * the server's jar under {@code console/}, answered for {@code GET /console}, {@code /console/} and
 * {@code /console/NAME}. Only the files named here are ever served, read once (the first time the console is asked
 * for): any other path
 * under {@code /console} (a traversal such as {@code ../}, an encoded one, a folder) is 404, a method other
 * than GET on a file is 405. Every file carries a strict Content-Security-Policy (scripts, styles and data only
 * from this origin, no inline script, no framing), {@code nosniff}, no referrer, and {@code Cache-Control:
 * no-cache} so that a new server version's page is taken at once. The page reads the console's JSON API and
 * the outage endpoints; it holds no state on the server. The files hold no data, so a strict-mode server serves
 * them unsigned too ({@link AdminEndpoints#needsSignature}); the page then signs its API requests with an account
 * root's key (SigV4 in the browser, {@code sigv4.js}). Immutable and shared.
 */
final class ConsoleAssets implements AdminRoute {
    /** The policy of every console file: nothing from elsewhere, nothing inline, never in a frame. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String RESOURCE_FOLDER = "console/";
    private static final String INDEX = "index.html";
    /** The page's JavaScript modules, its own and the vendored {@code @noble/hashes} ones its SigV4 signing uses. */
    static final List<String> MODULES = List.of("app.js", "api.js", "dom.js", "format.js", "keys.js", "key-details.js",
            "region-map.js", "audit.js", "outages.js", "session.js", "sign-in.js", "sigv4.js", "vendor/sha2.js",
            "vendor/hmac.js", "vendor/utils.js", "vendor/_md.js", "vendor/_u64.js");
    private static final Map<String, String> FILES = files();

    ConsoleAssets() {
    }

    /**
     * The files' answers, read from the jar when the console is first asked for (the same for every server of the
     * JVM): a start that nobody opens the console of does not read them.
     */
    private static final class Answers {
        static final Map<String, Answer> BY_NAME = read();

        private static Map<String, Answer> read() {
            Map<String, Answer> loaded = new LinkedHashMap<>();
            FILES.forEach((name, contentType) -> loaded.put(name, new Answer(HttpResponseStatus.OK, contentType,
                    ConsoleAssets.read(name), headers())));
            return Map.copyOf(loaded);
        }
    }

    private static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(INDEX, "text/html; charset=utf-8");
        files.put("style.css", "text/css; charset=utf-8");
        files.put("favicon.svg", "image/svg+xml");
        for (String module : MODULES) {
            files.put(module, "text/javascript; charset=utf-8");
        }
        return Map.copyOf(files);
    }

    private static Map<String, String> headers() {
        return Map.of("Content-Security-Policy", CONTENT_SECURITY_POLICY,
                "X-Content-Type-Options", "nosniff",
                "X-Frame-Options", "DENY",
                "Referrer-Policy", "no-referrer",
                "Cache-Control", "no-cache");
    }

    private static byte[] read(String name) {
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(RESOURCE_FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("The console file " + name + " is missing from the server's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<Answer> answer(Request request) {
        String path = request.path();
        String name;
        if (path.equals(AdminEndpoints.CONSOLE) || path.equals(AdminEndpoints.CONSOLE + "/")) {
            name = INDEX;
        } else if (path.startsWith(AdminEndpoints.CONSOLE + "/")) {
            name = path.substring(AdminEndpoints.CONSOLE.length() + 1);
        } else {
            return Optional.empty();
        }
        Answer answer = FILES.containsKey(name) ? Answers.BY_NAME.get(name) : null;
        if (answer == null) {
            return Optional.of(Answer.error(HttpResponseStatus.NOT_FOUND, "The console has no file " + path));
        }
        if (!request.method().equals(HttpMethod.GET)) {
            return Optional.of(new Answer(HttpResponseStatus.METHOD_NOT_ALLOWED, Answer.JSON,
                    Json.bytes(Json.object().put("message", "The console's files are read with GET")), Map.of("Allow", "GET")));
        }
        return Optional.of(answer);
    }
}
