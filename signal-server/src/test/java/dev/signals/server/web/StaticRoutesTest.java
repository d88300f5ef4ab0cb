package dev.signals.server.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.RawHttp;
import dev.signals.server.testing.TestNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo page, its modules, /openapi.yaml and Swagger UI as served over a real socket (docs/configuration.md). */
class StaticRoutesTest {
    private static final Pattern IMPORT = Pattern.compile("from \"\\./([A-Za-z0-9_-]+\\.js)\"");
    private static final Pattern SWAGGER_ASSET = Pattern.compile("(?:src|href)=\"(?:\\./)?([A-Za-z0-9_.-]+)\"");
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void thePageAtRootLoadsItsEntryModule() throws Exception {
        HttpResponse<String> page = node.get("/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", header(page, "content-type"));
        assertEquals("nosniff", header(page, "x-content-type-options"));
        assertEquals("no-cache", header(page, "cache-control"));
        assertTrue(page.body().contains("<script type=\"module\" src=\"/demo/app.js\"></script>"), page.body());
        // No request for /favicon.ico: a 404 there would be a console error on every load.
        assertTrue(page.body().contains("<link rel=\"icon\" href=\"data:,\">"));
    }

    @Test
    void everyModuleTheEntryImportsIsServedAsJavaScript() throws Exception {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of("app.js"));
        while (!pending.isEmpty()) {
            String module = pending.pop();
            if (!seen.add(module)) {
                continue;
            }
            HttpResponse<String> res = node.get("/demo/" + module);
            assertEquals(200, res.statusCode(), module);
            assertEquals("text/javascript; charset=utf-8", header(res, "content-type"), module);
            Matcher m = IMPORT.matcher(res.body());
            while (m.find()) {
                pending.add(m.group(1));
            }
        }
        assertEquals(Set.of("app.js", "log.js", "peers.js", "peer.js", "wire.js", "room.js", "call.js", "domain.js", "mailbox.js"), seen);
        HttpResponse<String> css = node.get("/demo/style.css");
        assertEquals(200, css.statusCode());
        assertEquals("text/css; charset=utf-8", header(css, "content-type"));
    }

    @Test
    void unknownFilesAndEscapesAreNotFound() throws Exception {
        for (String path : List.of("/demo/", "/demo/missing.js", "/demo/App.js", "/demo/../openapi.yaml",
                "/demo/%2e%2e/openapi.yaml", "/index.html", "/swagger", "/swagger/swagger-ui.js", "/swagger/../demo/app.js")) {
            RawHttp.Response res = RawHttp.exchange(node.port(), "GET", path, Map.of(), new byte[0]);
            assertEquals(404, res.status(), path);
            assertEquals("404 page not found", res.text(), path);
        }
    }

    @Test
    void headHasTheHeadersOfGetAndNoBody() throws Exception {
        for (String path : List.of("/", "/demo/app.js", "/openapi.yaml", "/swagger/", "/swagger/swagger-ui.css")) {
            RawHttp.Response get = RawHttp.exchange(node.port(), "GET", path, Map.of(), new byte[0]);
            RawHttp.Response head = RawHttp.exchange(node.port(), "HEAD", path, Map.of(), new byte[0]);
            assertEquals(200, head.status(), path);
            assertEquals(get.headers().get("content-type"), head.headers().get("content-type"), path);
            assertEquals(Integer.toString(get.body().length), head.headers().get("content-length"), path);
            assertEquals(0, head.body().length, path);
        }
    }

    @Test
    void otherMethodsAre405() throws Exception {
        for (String path : List.of("/", "/demo/app.js", "/openapi.yaml", "/swagger/index.html")) {
            HttpResponse<String> res = node.post(path, "x");
            assertEquals(405, res.statusCode(), path);
            assertEquals("GET, HEAD, OPTIONS", header(res, "allow"), path);
        }
    }

    @Test
    void openApiDocumentIsYaml() throws Exception {
        HttpResponse<String> res = node.get("/openapi.yaml");
        assertEquals(200, res.statusCode());
        assertEquals("application/yaml; charset=utf-8", header(res, "content-type"));
        assertTrue(res.body().startsWith("openapi: 3.0.3\n"));
    }

    @Test
    void swaggerUiIsServedSameOriginAndPointsAtOurDocument() throws Exception {
        HttpResponse<byte[]> slash = bytes("/swagger/");
        HttpResponse<byte[]> index = bytes("/swagger/index.html");
        assertEquals(200, slash.statusCode());
        assertArrayEquals(index.body(), slash.body());
        assertEquals("text/html; charset=utf-8", slash.headers().firstValue("content-type").orElse(""));
        String html = new String(index.body(), StandardCharsets.UTF_8);
        Matcher m = SWAGGER_ASSET.matcher(html);
        int assets = 0;
        while (m.find()) {
            String name = m.group(1);
            HttpResponse<byte[]> asset = bytes("/swagger/" + name);
            assertEquals(200, asset.statusCode(), name);
            assertEquals(ContentTypes.of(name), asset.headers().firstValue("content-type").orElse(""), name);
            assertTrue(asset.body().length > 0, name);
            assets++;
        }
        assertEquals(7, assets, html);

        String initializer = node.get("/swagger/swagger-initializer.js").body();
        assertTrue(initializer.contains("url: \"/openapi.yaml\""), initializer);
        assertTrue(initializer.contains("validatorUrl: null"), initializer);
        assertFalse(initializer.contains("petstore.swagger.io"), initializer);
        // Nothing in the page reaches for another origin: it must work offline.
        assertFalse(html.contains("http://") || html.contains("https://"), html);
    }

    @Test
    void classpathFoldersAreReadFromJarsToo() {
        ClasspathFiles classpath = new ClasspathFiles(getClass().getClassLoader());
        String pom = new String(classpath.read("META-INF/maven/org.webjars/swagger-ui/pom.properties"), StandardCharsets.ISO_8859_1);
        String version = pom.lines().filter(l -> l.startsWith("version=")).findFirst().orElseThrow().substring(8);
        Map<String, byte[]> files = classpath.folder("META-INF/resources/webjars/swagger-ui/" + version, "index.html");
        assertTrue(files.containsKey("swagger-ui-bundle.js"), files.keySet().toString());
        assertTrue(files.containsKey("swagger-initializer.js"), files.keySet().toString());

        Map<String, byte[]> demo = classpath.folder("static/demo", "app.js");
        assertTrue(demo.keySet().containsAll(List.of("app.js", "peer.js", "style.css")), demo.keySet().toString());
        assertThrows(IllegalStateException.class, () -> classpath.read("static/nothing.js"));
    }

    @Test
    void onlyKnownExtensionsHaveAContentType() {
        assertEquals("text/javascript; charset=utf-8", ContentTypes.of("a.JS"));
        assertThrows(IllegalArgumentException.class, () -> ContentTypes.of("archive.zip"));
        assertThrows(IllegalArgumentException.class, () -> ContentTypes.of("README"));
    }

    private static HttpResponse<byte[]> bytes(String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(node.uri(path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> res, String name) {
        return res.headers().firstValue(name).orElse("");
    }
}
