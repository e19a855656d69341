package dev.meridian.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's files below HTTP: only the shipped files, with their content types and a strict policy; every
 * other path under /console is 404; every module the page imports is one that is served; no inline script and
 * no HTML parsing of data in the shipped code.
 */
class ConsoleAssetsTest {
    private static final ConsoleAssets ASSETS = new ConsoleAssets();
    private static final Pattern IMPORT = Pattern.compile("from ['\"]\\./([^'\"]+)['\"]");
    private static final Pattern PAGE_REFERENCE = Pattern.compile("(?:src|href)=\"/console/([^\"]+)\"");

    private static Optional<AdminRoute.Answer> get(String path) {
        return ASSETS.answer(new AdminRoute.Request(HttpMethod.GET, path, Map.of(), new byte[0]));
    }

    private static AdminRoute.Answer served(String path) {
        AdminRoute.Answer answer = get(path).orElseThrow();
        assertThat(answer.status()).as(path).isEqualTo(HttpResponseStatus.OK);
        return answer;
    }

    private static String text(AdminRoute.Answer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    @Test
    void thePageIsServedAtTheConsolePathWithAStrictPolicy() {
        for (String path : new String[] {"/console", "/console/", "/console/index.html"}) {
            AdminRoute.Answer page = served(path);
            assertThat(page.contentType()).isEqualTo("text/html; charset=utf-8");
            assertThat(text(page)).contains("<title>Meridian console</title>");
            assertThat(page.headers()).containsEntry("Content-Security-Policy", ConsoleAssets.CONTENT_SECURITY_POLICY)
                    .containsEntry("X-Content-Type-Options", "nosniff")
                    .containsEntry("X-Frame-Options", "DENY")
                    .containsEntry("Referrer-Policy", "no-referrer")
                    .containsEntry("Cache-Control", "no-cache");
        }
        assertThat(ConsoleAssets.CONTENT_SECURITY_POLICY).startsWith("default-src 'none'; script-src 'self';")
                .doesNotContain("unsafe").contains("frame-ancestors 'none'");
    }

    @Test
    void eachFileHasItsContentType() {
        assertThat(served("/console/app.js").contentType()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(served("/console/style.css").contentType()).isEqualTo("text/css; charset=utf-8");
        assertThat(served("/console/favicon.svg").contentType()).isEqualTo("image/svg+xml");
    }

    @Test
    void everyFileThePageLoadsIsServed() {
        Matcher pageReferences = PAGE_REFERENCE.matcher(text(served("/console/")));
        int references = 0;
        while (pageReferences.find()) {
            served("/console/" + pageReferences.group(1));
            references++;
        }
        assertThat(references).isEqualTo(4);
        int imported = 0;
        for (String module : ConsoleAssets.MODULES) {
            Matcher imports = IMPORT.matcher(text(served("/console/" + module)));
            String folder = module.contains("/") ? module.substring(0, module.lastIndexOf('/') + 1) : "";
            while (imports.find()) {
                served("/console/" + folder + imports.group(1));
                imported++;
            }
        }
        assertThat(imported).isGreaterThan(ConsoleAssets.MODULES.size());
    }

    @Test
    void noInlineScriptNorHtmlParsingOfData() {
        String page = text(served("/console/"));
        assertThat(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContainPattern("\\son[a-z]+=")
                .doesNotContain("style=");
        for (String module : ConsoleAssets.MODULES) {
            assertThat(text(served("/console/" + module))).as(module)
                    .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function");
        }
    }

    @Test
    void anyOtherPathUnderTheConsoleIsNotFound() {
        for (String path : new String[] {"/console/../pom.xml", "/console/..%2Fpom.xml", "/console/../../etc/passwd",
                "/console/console/app.js", "/console/app.js/", "/console/APP.JS", "/console//app.js", "/console/style",
                "/console/dev/meridian/wire/ConsoleAssets.class", "/console/logback.xml", "/console/.", "/console/%00"}) {
            AdminRoute.Answer answer = get(path).orElseThrow();
            assertThat(answer.status()).as(path).isEqualTo(HttpResponseStatus.NOT_FOUND);
            assertThat(answer.contentType()).isEqualTo(AdminRoute.Answer.JSON);
            assertThat(text(answer)).isEqualTo("{\"message\":\"The console has no file " + path.replace("\\", "\\\\") + "\"}");
        }
    }

    @Test
    void pathsOutsideTheConsoleAreLeftToOtherRoutes() {
        assertThat(get("/_meridian/outages")).isEmpty();
        assertThat(get("/consoles")).isEmpty();
    }

    @Test
    void theFilesNeedNoSignatureInStrictModeAndEveryEndpointUnderMeridianDoes() {
        for (String path : new String[] {"/console", "/console/", "/console/index.html", "/console/sigv4.js",
                "/console/vendor/sha2.js", "/console/no-such-file"}) {
            assertThat(AdminEndpoints.isAdminPath(path)).as(path).isTrue();
            assertThat(AdminEndpoints.needsSignature(path)).as(path).isFalse();
        }
        for (String path : new String[] {"/_meridian/console/api/keys", "/_meridian/console/api/overview",
                "/_meridian/outages", "/_meridian/outages/1", "/_meridian/reset", "/_meridian/replication",
                "/_meridian/anything"}) {
            assertThat(AdminEndpoints.needsSignature(path)).as(path).isTrue();
        }
        assertThat(AdminEndpoints.isAdminPath("/consoles")).isFalse();
    }

    @Test
    void onlyGetReadsAFile() {
        for (HttpMethod method : new HttpMethod[] {HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE}) {
            AdminRoute.Answer answer = ASSETS.answer(new AdminRoute.Request(method, "/console/app.js", Map.of(), new byte[0]))
                    .orElseThrow();
            assertThat(answer.status()).isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
            assertThat(answer.headers()).containsEntry("Allow", "GET");
            assertThat(text(answer)).isEqualTo("{\"message\":\"The console's files are read with GET\"}");
        }
    }
}
