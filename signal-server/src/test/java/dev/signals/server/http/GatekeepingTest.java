package dev.signals.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.RawHttp;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The refusals every dialect shares (docs/security.md "Before any dialect sees the request", SECURITY.md "Limits and their defaults", docs/security.md "Router refusals"), observed on the wire. */
class GatekeepingTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> send(TestNode node, String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.uri(path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void unknownPathsAndWrongMethods() throws Exception {
        try (TestNode node = TestNode.start()) {
            HttpResponse<String> missing = node.get("/nothing/here");
            assertEquals(404, missing.statusCode());
            assertEquals("404 page not found", missing.body());
            assertEquals("text/plain; charset=utf-8", missing.headers().firstValue("content-type").orElse(""));
            HttpResponse<String> head = send(node, "HEAD", "/connect");
            assertEquals(405, head.statusCode());
            assertEquals("GET, OPTIONS", head.headers().firstValue("allow").orElse(""));
            assertEquals(200, send(node, "HEAD", "/health").statusCode());
            assertEquals("OK", node.get("/health").body());
        }
    }

    @Test
    void corsPreflightAndHeadersOnAllowedForeignOrigins() throws Exception {
        try (TestNode node = TestNode.start("--allowed-origins", "https://app.example.com")) {
            HttpResponse<String> preflight = send(node, "OPTIONS", "/health",
                    "Origin", "https://app.example.com", "Access-Control-Request-Method", "POST");
            assertEquals(204, preflight.statusCode());
            assertEquals("https://app.example.com", preflight.headers().firstValue("access-control-allow-origin").orElse(""));
            assertEquals("GET, POST, OPTIONS", preflight.headers().firstValue("access-control-allow-methods").orElse(""));
            assertEquals("Content-Type, key, Authorization, Cache-Control, User-Agent",
                    preflight.headers().firstValue("access-control-allow-headers").orElse(""));
            assertEquals("60", preflight.headers().firstValue("access-control-max-age").orElse(""));
            assertEquals("Origin", preflight.headers().firstValue("vary").orElse(""));

            HttpResponse<String> plainOptions = send(node, "OPTIONS", "/health");
            assertEquals(204, plainOptions.statusCode());
            assertEquals("GET, HEAD, OPTIONS", plainOptions.headers().firstValue("allow").orElse(""));

            HttpResponse<String> errorToForeign = HTTP.send(HttpRequest.newBuilder(node.uri("/connect"))
                    .header("Origin", "https://app.example.com").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, errorToForeign.statusCode());
            assertEquals("https://app.example.com", errorToForeign.headers().firstValue("access-control-allow-origin").orElse(""));

            HttpResponse<String> refused = send(node, "OPTIONS", "/health",
                    "Origin", "https://evil.example.com", "Access-Control-Request-Method", "POST");
            assertEquals(403, refused.statusCode());
            assertEquals("", refused.body());
            assertTrue(node.adminGet("/metrics").body().contains("signal_errors_total{dialect=\"static\",reason=\"origin\"} 1.0"));
            assertNull(refused.headers().firstValue("access-control-allow-origin").orElse(null));
        }
    }

    /**
     * Errors are responses too: a 404 or 405 that comes before the origin check in the refusal
     * order still carries the CORS headers when the origin is allowed (so a browser can read it),
     * and none when it is not.
     */
    @Test
    void errorsBeforeTheOriginCheckCarryCorsHeadersForAnAllowedForeignOrigin() throws Exception {
        String allowed = "https://app.example.com";
        try (TestNode node = TestNode.start("--allowed-origins", allowed, "--http-rate-limit", "1", "--http-rate-burst", "1")) {
            List<String[]> errors = List.of(
                    new String[] {"GET", "/offer", "405"},
                    new String[] {"POST", "/call/x", "405"},
                    new String[] {"GET", "/nothing", "404"},
                    new String[] {"DELETE", "/offer/abc/nothing", "404"});
            for (String[] e : errors) {
                HttpResponse<String> res = send(node, e[0], e[1], "Origin", allowed);
                assertEquals(Integer.parseInt(e[2]), res.statusCode(), e[0] + " " + e[1]);
                assertEquals(allowed, res.headers().firstValue("access-control-allow-origin").orElse(null), e[0] + " " + e[1]);
                assertEquals("Origin", res.headers().firstValue("vary").orElse(null), e[0] + " " + e[1]);

                HttpResponse<String> stranger = send(node, e[0], e[1], "Origin", "https://evil.example.com");
                assertEquals(Integer.parseInt(e[2]), stranger.statusCode(), "404/405 come before the origin check");
                assertNull(stranger.headers().firstValue("access-control-allow-origin").orElse(null));
            }
            HttpResponse<String> limited = send(node, "GET", "/health", "Origin", allowed);
            for (int i = 0; i < 20 && limited.statusCode() != 429; i++) {
                limited = send(node, "GET", "/health", "Origin", allowed);
            }
            assertEquals(429, limited.statusCode(), "a burst of 1 at 1/s is spent within 20 requests");
            assertEquals(allowed, limited.headers().firstValue("access-control-allow-origin").orElse(null));
        }
    }

    @Test
    void perIpRequestRateAnswers429() throws Exception {
        try (TestNode node = TestNode.start("--http-rate-limit", "1", "--http-rate-burst", "3")) {
            int refused = 0;
            for (int i = 0; i < 6; i++) {
                if (node.get("/health").statusCode() == 429) {
                    refused++;
                }
            }
            assertTrue(refused >= 2, "requests over the burst are refused: " + refused);
            String metrics = node.adminGet("/metrics").body();
            assertTrue(metrics.contains("signal_rate_limited_total{dialect=\"static\"} " + refused + ".0"), metrics);
            assertTrue(metrics.contains("signal_errors_total{dialect=\"static\",reason=\"http_rate\"} " + refused + ".0"));
        }
    }

    @Test
    void perIpConnectionRateAnswers429BeforeTheUpgrade() throws Exception {
        try (TestNode node = TestNode.start("--conn-rate-limit", "1", "--conn-rate-burst", "2")) {
            List<WsTestClient> open = new ArrayList<>();
            try {
                open.add(node.ws("/connect"));
                open.add(node.ws("/connect"));
                assertEquals(101, open.get(0).status());
                assertEquals(101, open.get(1).status());
                WsTestClient third = node.ws("/connect");
                open.add(third);
                assertEquals(429, third.status());
            } finally {
                open.forEach(WsTestClient::close);
            }
        }
    }

    /**
     * One address cannot hold more than {@code --max-connections-per-ip} connections: the next TCP
     * connection is closed at accept, before its upgrade is read; other addresses still get in, and
     * a closed connection frees its address's place.
     */
    @Test
    void perIpConnectionCapClosesAtAcceptAndLeavesOtherAddressesIn() throws Exception {
        InetAddress first = InetAddress.getByName("127.0.0.2");
        InetAddress second = InetAddress.getByName("127.0.0.3");
        try (TestNode node = TestNode.start("--max-connections-per-ip", "2")) {
            List<WsTestClient> open = new ArrayList<>();
            try {
                assertEquals(101, upgrade(open, node, first, Map.of()));
                assertEquals(101, upgrade(open, node, first, Map.of()));
                assertTrue(refusedAtAccept(node, first, Map.of()), "a third connection from the same address");
                assertEquals(101, upgrade(open, node, second, Map.of()), "another address is not affected");
                assertEquals(1.0, node.metric("signal_errors_total{dialect=\"none\",reason=\"tcp_ip_connections\"}"));

                open.get(0).close();
                node.awaitState(s -> s.contains("\"room\":2}"));
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (refusedAtAccept(node, first, Map.of())) { // the server may see the close a moment later
                    assertTrue(System.nanoTime() < deadline, "a closed connection frees its address's place");
                    Thread.sleep(20);
                }
            } finally {
                open.forEach(WsTestClient::close);
            }
        }
    }

    /**
     * Behind a trusted proxy the per-IP limits count the client X-Forwarded-For names: the
     * rightmost address that is not a trusted proxy, so a client cannot pick its own by writing
     * addresses on the left. From an untrusted peer the header is ignored. The proxy's own TCP
     * connections are not counted against the per-IP cap at accept (it holds several here with a
     * cap of 1); the untrusted peer's are.
     */
    @Test
    void trustedProxiesForwardTheClientAddressToThePerIpLimits() throws Exception {
        InetAddress proxy = InetAddress.getByName("127.0.0.1");
        InetAddress direct = InetAddress.getByName("127.0.0.2");
        try (TestNode node = TestNode.start("--trusted-proxies", "127.0.0.1/32,::1", "--max-connections-per-ip", "1")) {
            List<WsTestClient> open = new ArrayList<>();
            try {
                assertEquals(101, upgrade(open, node, proxy, forwardedFor("203.0.113.5")));
                assertEquals(101, upgrade(open, node, proxy, forwardedFor("203.0.113.6")),
                        "another client behind the same proxy");
                assertEquals(429, upgrade(open, node, proxy, forwardedFor("203.0.113.5")),
                        "the first client again: its one slot is taken");
                assertEquals(429, upgrade(open, node, proxy, forwardedFor("198.51.100.1, 203.0.113.5")),
                        "a client cannot choose its address by prepending");
                assertEquals(101, upgrade(open, node, proxy, forwardedFor("203.0.113.7, 127.0.0.1")), "the proxy's own hop is skipped");
                assertEquals(101, upgrade(open, node, proxy, forwardedFor("not-an-address")), "garbage counts as the proxy itself");
                assertEquals(429, upgrade(open, node, proxy, Map.of()), "so does no header: the proxy's slot is taken now");
                assertEquals(101, upgrade(open, node, direct, forwardedFor("203.0.113.9")));
                assertTrue(refusedAtAccept(node, direct, forwardedFor("203.0.113.10")),
                        "an untrusted peer counts as itself, from accept on: its header is never read");
            } finally {
                open.forEach(WsTestClient::close);
            }
        }
    }

    /** Upgrades {@code /connect} from the loopback address {@code from}; returns the status, keeps the client in {@code open}. */
    private static int upgrade(List<WsTestClient> open, TestNode node, InetAddress from, Map<String, String> headers)
            throws Exception {
        WsTestClient c = WsTestClient.connect(from, node.port(), "/connect", headers, true);
        open.add(c);
        return c.status();
    }

    /** Whether an upgrade from {@code from} is cut off before any answer (the TCP connection closed at accept). */
    private static boolean refusedAtAccept(TestNode node, InetAddress from, Map<String, String> headers) throws Exception {
        try (WsTestClient c = WsTestClient.connect(from, node.port(), "/connect", headers, true)) {
            return false;
        } catch (java.io.IOException closed) {
            return true;
        }
    }

    private static Map<String, String> forwardedFor(String hops) {
        return Map.of("X-Forwarded-For", hops);
    }

    /**
     * Issue 19, item 5: silent TCP connections count against {@code --max-connections-per-ip} from
     * the moment they are accepted, before any HTTP; the ones over the cap are closed at once
     * (long before the 60 s request deadline could), the admitted ones are served, and another
     * address and the admin listener still answer.
     */
    @Test
    void silentTcpConnectionsOverThePerIpCapAreClosedAtAccept() throws Exception {
        int cap = 20;
        InetAddress flooder = InetAddress.getByName("127.0.0.2");
        try (TestNode node = TestNode.start("--max-connections-per-ip", Integer.toString(cap), "--ws-handshake-timeout", "60s",
                "--http-rate-limit", "0", "--conn-rate-limit", "0")) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < cap; i++) {
                    Socket s = openFrom(flooder, node.port());
                    held.add(s);
                    assertEquals(200, healthOn(s), "connection " + i + " is within the cap");
                }
                for (int i = 0; i < 10; i++) {
                    Socket extra = openFrom(flooder, node.port());
                    held.add(extra);
                    assertTrue(closedWithin(extra, Duration.ofSeconds(10)), "connection " + (cap + i) + " is closed at accept");
                }
                assertEquals(200, healthOn(held.get(0)), "the admitted connections are served");
                RawHttp.Response other = RawHttp.exchange(InetAddress.getByName("127.0.0.3"), node.port(), "GET", "/health",
                        Map.of(), new byte[0]);
                assertEquals(200, other.status());
                assertEquals(200, node.adminGet("/healthz").statusCode());
                assertEquals(10.0, node.metric("signal_errors_total{dialect=\"none\",reason=\"tcp_ip_connections\"}"));
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    /**
     * Near {@code --max-tcp-connections} a silent connection is cut sooner (the request deadline
     * shrinks to a tenth at the cap), the connection over the cap is closed at accept, and the
     * admin listener, which the cap does not count, still answers.
     */
    @Test
    void nearTheNodeCapSilentConnectionsAreCutSoonerAndTheAdminListenerAnswers() throws Exception {
        try (TestNode node = TestNode.start("--max-tcp-connections", "4", "--ws-handshake-timeout", "30s",
                "--max-connections-per-ip", "0", "--http-rate-limit", "0")) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(openFrom(null, node.port()));
                    assertEquals(200, healthOn(held.get(i)));
                }
                Socket lastPlace = openFrom(null, node.port()); // accepted at the cap: 3 s to send a request
                held.add(lastPlace);
                Socket over = openFrom(null, node.port());
                held.add(over);
                assertTrue(closedWithin(over, Duration.ofSeconds(10)), "over the node's cap: closed at accept");
                assertEquals(200, node.adminGet("/healthz").statusCode(), "the admin listener is not counted");
                assertEquals(200, healthOn(held.get(1)), "an admitted connection is served at the cap");
                assertTrue(closedWithin(lastPlace, Duration.ofSeconds(20)), "cut well before the 30 s deadline");
                // Its wait for the next request began at the cap, though its timer was armed for 30 s at accept.
                assertTrue(closedWithin(held.get(1), Duration.ofSeconds(20)), "a wait begun at the cap is cut sooner too");
                assertEquals(200, healthOn(held.get(0)), "a connection accepted with room to spare keeps its deadline");
                assertEquals(1.0, node.metric("signal_errors_total{dialect=\"none\",reason=\"tcp_capacity\"}"));
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    private static Socket openFrom(InetAddress local, int port) throws Exception {
        Socket s = new Socket();
        if (local != null) {
            s.bind(new InetSocketAddress(local, 0));
        }
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return s;
    }

    /** Sends {@code GET /health} on an open keep-alive connection and reads the status of the answer ("OK", 2 bytes). */
    private static int healthOn(Socket s) throws Exception {
        s.setSoTimeout(5000);
        s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return -1;
            }
            head.append((char) b);
        }
        in.readNBytes(2);
        return Integer.parseInt(head.substring(9, 12));
    }

    /** Whether the server closes {@code s} (end of stream or reset) within {@code wait}. */
    private static boolean closedWithin(Socket s, Duration wait) throws Exception {
        s.setSoTimeout((int) wait.toMillis());
        try {
            return s.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (java.io.IOException reset) {
            return true;
        }
    }

    @Test
    void slowLorisRequestsNeitherBlockNewClientsNorStayOpen() throws Exception {
        try (TestNode node = TestNode.start("--ws-handshake-timeout", "1s", "--conn-rate-limit", "0", "--http-rate-limit", "0")) {
            List<Socket> loris = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", node.port()), 5000);
                    s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    loris.add(s);
                }
                HttpResponse<String> fresh = node.get("/health");
                assertEquals(200, fresh.statusCode());
                try (WsTestClient ws = node.ws("/connect")) {
                    assertEquals(101, ws.status());
                }
                // Each half-open request is cut off once it has been silent for the handshake timeout.
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                int closed = 0;
                for (Socket s : loris) {
                    s.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    try (InputStream in = s.getInputStream()) {
                        while (in.read() >= 0) {
                            // drain whatever error response precedes the close
                        }
                        closed++;
                    } catch (java.net.SocketTimeoutException stillOpen) {
                        break;
                    } catch (java.io.IOException reset) {
                        closed++;
                    }
                }
                assertEquals(1000, closed, "every slow request was closed");
            } finally {
                for (Socket s : loris) {
                    s.close();
                }
            }
        }
    }
}
