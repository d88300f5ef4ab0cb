package dev.signals.server.domain;

import static dev.signals.server.domain.DomainWire.assertResp;
import static dev.signals.server.domain.DomainWire.resp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The domain dialect's HTTP surface: path validation before the upgrade, methods, body cap (docs/domain.md, docs/security.md "Router refusals"). */
class DomainHttpTest {
    private TestNode node;

    @BeforeEach
    void start() {
        node = TestNode.start("--max-message-bytes", "1KiB");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void invalidDomainIs400BeforeTheUpgrade() throws Exception {
        String[] bad = {
            "/ws/", "/ws/a/b", "/ws/a/", "/ws/a%2Fb", "/ws/%41", "/ws/a%20b", "/ws/a+b", "/ws/a@b", "/ws/a!",
            "/ws/a,b", "/ws/a;b", "/ws/a~b", "/ws/" + "x".repeat(254), "/ws//a", "/ws/\u00e9",
        };
        for (String path : bad) {
            try (WsTestClient c = node.ws(path)) {
                assertEquals(400, c.status(), path);
                assertEquals(resp("invalid domain"), c.body(), path);
                assertEquals("application/json; charset=utf-8", c.header("content-type"), path);
            }
        }
        assertEquals(0, node.server().metrics().connections(DomainDialect.NAME).get(), "no socket was opened");
    }

    @Test
    void everyAllowedCharacterAndTheLongestNameUpgrade() throws Exception {
        String[] good = {"/ws/a", "/ws/Az09._:-", "/ws/" + "y".repeat(253), "/ws/peer-1.example.com:9091",
            "/ws/B?token=ignored-here"};
        for (String path : good) {
            try (WsTestClient c = node.ws(path)) {
                assertEquals(101, c.status(), path + " " + c.body());
            }
        }
    }

    @Test
    void socketPathWithoutUpgradeIs400Resp() throws Exception {
        assertResp(node.get("/ws/B"), 400, resp("websocket upgrade required"));
    }

    @Test
    void offerTakesOnlyPost() throws Exception {
        for (String method : new String[] {"GET", "PUT", "DELETE", "PATCH"}) {
            HttpResponse<String> res = node.send(HttpRequest.newBuilder(node.uri("/offer"))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build());
            assertResp(res, 405, resp("method not allowed"));
            assertEquals("POST, OPTIONS", res.headers().firstValue("allow").orElse(null), method);
        }
        HttpResponse<String> head = node.send(HttpRequest.newBuilder(node.uri("/offer"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(405, head.statusCode());
        assertEquals("POST, OPTIONS", head.headers().firstValue("allow").orElse(null));
        HttpResponse<String> options = node.send(HttpRequest.newBuilder(node.uri("/offer"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(204, options.statusCode());
        assertEquals("POST, OPTIONS", options.headers().firstValue("allow").orElse(null));
    }

    @Test
    void postToSocketPathIs405() throws Exception {
        HttpResponse<String> res = node.post("/ws/B", "{}");
        assertResp(res, 405, resp("method not allowed"));
        assertEquals("GET, OPTIONS", res.headers().firstValue("allow").orElse(null));
    }

    @Test
    void bodyOverTheCapIs413WhetherDeclaredOrChunked() throws Exception {
        String big = "{\"offer_sdp\":\"" + "x".repeat(1100) + "\",\"answer_domain\":\"B\",\"offer_domain\":\"A\"}";
        assertResp(node.post("/offer", big), 413, resp("body too large"));
        HttpResponse<String> chunked = node.send(HttpRequest.newBuilder(node.uri("/offer"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))).build());
        assertResp(chunked, 413, resp("body too large"));
        // The node is unharmed: a body at the cap is read and judged on its content.
        String atCap = "{\"offer_sdp\":\"" + "x".repeat(900) + "\",\"answer_domain\":\"B\",\"offer_domain\":\"A\"}";
        assertResp(node.post("/offer", atCap), 404, resp("answer domain not connected"));
    }

    @Test
    void socketMessageOverTheCapClosesWith1009() throws Exception {
        try (WsTestClient c = node.ws("/ws/A", Map.of())) {
            c.sendText("{\"ty\":\"answer\",\"x\":\"" + "y".repeat(1100) + "\"}");
            WsTestClient.Frame close = c.awaitClose(WsTestClient.DEFAULT_WAIT);
            assertEquals(1009, close.closeCode());
            assertEquals("message too big", close.closeReason());
        }
    }
}
