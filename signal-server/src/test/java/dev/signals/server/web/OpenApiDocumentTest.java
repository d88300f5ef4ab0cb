package dev.signals.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.admin.AdminRoutes;
import dev.signals.server.testing.TestNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /openapi.yaml} is valid OpenAPI 3 and matches the server: every route the main and
 * admin listeners serve is documented, and every documented main-listener path is served with at
 * least the methods the server allows on it.
 */
class OpenApiDocumentTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A concrete path for each templated one, to ask the server about. */
    private static final Map<String, String> SAMPLES = Map.of("/demo/{file}", "/demo/app.js",
            "/swagger/{file}", "/swagger/index.html", "/ws/{domain}", "/ws/a", "/call/{call}", "/call/a");
    private static TestNode node;
    private static OpenAPI document;

    @BeforeAll
    static void load() throws Exception {
        // With --turn-urls, so that the optional GET /ice-servers is served too.
        node = TestNode.start("--turn-urls", "turn:127.0.0.1:3478", "--turn-secret", "openapi-test-secret");
        HttpResponse<String> res = node.get("/openapi.yaml");
        assertEquals(200, res.statusCode());
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(res.body(), null, options);
        assertEquals(List.of(), parsed.getMessages());
        document = parsed.getOpenAPI();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void isOpenApi3WithEveryReferenceResolved() {
        assertNotNull(document);
        assertEquals("3.0.3", document.getOpenapi());
        assertEquals("signal", document.getInfo().getTitle());
        // The WebSocket messages are described as schemas.
        for (String schema : List.of("RoomJoin", "RoomNotifyClientId", "RoomError", "CallJoin", "CallWelcome",
                "CallOffer", "DomainOfferPush", "DomainAnswer", "DomainError", "MailboxReply")) {
            assertNotNull(document.getComponents().getSchemas().get(schema), schema);
        }
    }

    @Test
    void everyMainListenerRouteIsDocumented() {
        List<String> routes = node.server().routePaths();
        assertTrue(routes.containsAll(List.of("/", "/health", "/connect", "/ws", "/offer", "/ws/*", "/call/*", "/ice-servers")),
                routes.toString());
        Set<String> documented = document.getPaths().keySet();
        for (String route : routes) {
            boolean covered = route.endsWith("*")
                    ? documented.stream().anyMatch(p -> p.startsWith(route.substring(0, route.length() - 1)))
                    : documented.contains(route);
            assertTrue(covered, route + " is served but not in /openapi.yaml");
        }
    }

    @Test
    void everyAdminRouteIsDocumentedOnTheAdminListener() throws Exception {
        for (String path : AdminRoutes.PATHS) {
            PathItem item = document.getPaths().get(path);
            assertNotNull(item, path);
            assertNotNull(item.getGet(), path);
            List<String> servers = item.getServers().stream().map(Server::getUrl).toList();
            assertEquals(List.of("http://localhost:8090"), servers, path);
            assertNotEquals(404, node.adminGet(path).statusCode(), path);
        }
    }

    @Test
    void everyDocumentedPathIsServedWithTheMethodsItAllows() throws Exception {
        for (Map.Entry<String, PathItem> entry : document.getPaths().entrySet()) {
            String path = entry.getKey();
            if (AdminRoutes.PATHS.contains(path)) {
                continue;
            }
            String concrete = SAMPLES.getOrDefault(path, path);
            assertEquals(concrete.contains("{"), false, "no sample for " + path);
            // OPTIONS without an Origin names the route's methods and touches no state (docs/security.md).
            HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(node.uri(concrete))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, res.statusCode(), path + " is documented but not served");
            Set<String> allowed = Arrays.stream(res.headers().firstValue("allow").orElse("").split(","))
                    .map(String::trim).filter(m -> !m.equals("OPTIONS")).collect(Collectors.toCollection(TreeSet::new));
            Set<String> methods = entry.getValue().readOperationsMap().keySet().stream()
                    .map(m -> m.name().toUpperCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
            assertTrue(methods.containsAll(allowed), path + " allows " + allowed + " but documents " + methods);
        }
    }
}
