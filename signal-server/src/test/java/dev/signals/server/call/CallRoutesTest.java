package dev.signals.server.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Paths, methods, escapes and CORS of the call endpoints (docs/security.md "Before any dialect sees the request", docs/security.md "Router refusals", docs/call.md). */
class CallRoutesTest {
    private TestNode node;

    @BeforeEach
    void start() {
        node = TestNode.start("--origin", "https://app.example");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private HttpResponse<String> request(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.uri(path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return node.send(b.build());
    }

    private static void assert404(HttpResponse<String> res) {
        assertEquals(404, res.statusCode());
        assertEquals("404 page not found", res.body());
    }

    @Test
    void pathsThatNameNoCallAre404() throws Exception {
        for (String path : new String[] {"/call", "/call/", "/call//", "/call/a/b", "/call/a%2Fb", "/call/" + "a".repeat(257)}) {
            assert404(node.get(path));
        }
        assert404(request("POST", "/call/a/b"));
    }

    @Test
    void theNameIsPercentDecodedAsUtf8AndPlusStaysPlus() throws Exception {
        assertTrue(node.get("/call/a+b").body().startsWith("{\"call\":\"a+b\","));
        assertTrue(node.get("/call/%C3%A9t%C3%A9/").body().startsWith("{\"call\":\"été\","));
        assertTrue(node.get("/call/x?session=ignored").body().startsWith("{\"call\":\"x\","));
        assertTrue(node.get("/call/" + "😀".repeat(256)).body().startsWith("{\"call\":\"😀"));
    }

    @Test
    void badEscapesAndBadUtf8Are400() throws Exception {
        for (String path : new String[] {"/call/%zz", "/call/a%", "/call/%C3", "/call/%FF%FE"}) {
            assertEquals("HTTP/1.1 400 Bad Request|", rawGet(path.getBytes(StandardCharsets.US_ASCII)), path);
        }
        assertEquals("HTTP/1.1 400 Bad Request|", rawGet(new byte[] {'/', 'c', 'a', 'l', 'l', '/', (byte) 0xC3}));
    }

    @Test
    void rawUtf8InTheRequestLineIsTakenAsUtf8() throws Exception {
        String answer = rawGet("/call/\u00e9".getBytes(StandardCharsets.UTF_8));
        assertTrue(answer.startsWith("HTTP/1.1 200 OK|{\"call\":\"\u00e9\",\"session\":"), answer);
    }

    /** Sends a request line with exactly these path bytes; returns "status line|body". */
    private String rawGet(byte[] path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET ".getBytes(StandardCharsets.US_ASCII));
            out.write(path);
            out.write(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headEnd = response.indexOf("\r\n\r\n");
            return response.substring(0, response.indexOf("\r\n")) + "|" + response.substring(headEnd + 4);
        }
    }

    @Test
    void wrongMethodsAre405WithAllowAndTakeNoSeat() throws Exception {
        for (String method : new String[] {"POST", "HEAD", "PUT", "DELETE"}) {
            HttpResponse<String> res = request(method, "/call/m");
            assertEquals(405, res.statusCode(), method);
            assertEquals("", res.body());
            assertEquals("GET, OPTIONS", res.headers().firstValue("allow").orElse(null));
        }
        HttpResponse<String> get = request("GET", "/signal");
        assertEquals(405, get.statusCode());
        assertEquals("", get.body());
        assertEquals("POST, OPTIONS", get.headers().firstValue("allow").orElse(null));
        assertEquals(200, node.get("/call/m").statusCode());
        assertEquals(200, node.get("/call/m").statusCode());
        assertEquals(409, node.get("/call/m").statusCode(), "both seats were still free");
    }

    @Test
    void preflightAndAllowedOriginsGetCorsHeaders() throws Exception {
        HttpResponse<String> preflight = request("OPTIONS", "/signal",
                "Origin", "https://app.example", "Access-Control-Request-Method", "POST");
        assertEquals(204, preflight.statusCode());
        assertEquals("https://app.example", preflight.headers().firstValue("access-control-allow-origin").orElse(null));
        HttpResponse<String> seat = request("GET", "/call/cors", "Origin", "https://app.example");
        assertEquals(200, seat.statusCode());
        assertEquals("https://app.example", seat.headers().firstValue("access-control-allow-origin").orElse(null));
        HttpResponse<String> refused = request("POST", "/signal", "Origin", "https://app.example", "Content-Type", "text/plain");
        assertEquals(400, refused.statusCode());
        assertEquals("https://app.example", refused.headers().firstValue("access-control-allow-origin").orElse(null));
    }

    @Test
    void aForeignOriginIs403AndTakesNoSeat() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> res = request("GET", "/call/guarded", "Origin", "https://evil.example");
            assertEquals(403, res.statusCode());
            assertEquals("", res.body());
            assertFalse(res.headers().firstValue("access-control-allow-origin").isPresent());
        }
        assertEquals(200, node.get("/call/guarded").statusCode());
        assertEquals(200, node.get("/call/guarded").statusCode());
    }

    @Test
    void healthzIsEmpty200WhenServingStandalone() throws Exception {
        HttpResponse<String> res = node.adminGet("/healthz");
        assertEquals(200, res.statusCode());
        assertEquals("", res.body());
    }

    @Test
    void stateReportsCallsSeatsAndSockets() throws Exception {
        try (CallPeer a = CallPeer.joined(node, "s1")) {
            CallPeer.seat(node, "s2");
            String state = node.awaitState(s -> s.contains("\"call_sockets\":1"));
            assertTrue(state.contains("\"calls\":2"), state);
            assertTrue(state.contains("\"call_seats\":2"), state);
        }
    }
}
