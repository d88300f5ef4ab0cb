package dev.signals.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP head limits and the request deadline (SECURITY.md "Limits and their defaults") on every listener: an over-long
 * request line or header is answered 414 / 431 and closed, and a client that trickles a request —
 * the first, a later one on a kept-alive connection, or a body — is cut off at the deadline.
 */
class RequestLimitsTest {
    private static final String DEADLINE = "1s";
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start("--ws-handshake-timeout", DEADLINE, "--also-listen", "127.0.0.1:0");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Sends {@code request} to the main, the extra and the admin listener; each must answer {@code expected} and close. */
    private static void assertOnEveryListener(String request, String expected) throws IOException {
        for (int port : List.of(node.port(), node.server().extraPorts().get(0), node.adminPort())) {
            assertEquals(expected, exchange(port, request), "port " + port);
        }
    }

    @Test
    void overLongHeaderIs431AndClosedOnEveryListener() throws Exception {
        assertOnEveryListener("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
                "HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    }

    @Test
    void tooManyHeadersAre431AndAnUpgradeToo() throws Exception {
        String many = exchange(node.port(), "GET /health HTTP/1.1\r\nHost: x\r\n" + "X-A: b\r\n".repeat(3_000) + "\r\n");
        assertTrue(many.startsWith("HTTP/1.1 431 "), many);
        String upgrade = exchange(node.port(), "GET /connect HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Cookie: " + "c".repeat(20_000) + "\r\n\r\n");
        assertTrue(upgrade.startsWith("HTTP/1.1 431 "), upgrade);
    }

    @Test
    void overLongRequestLineIs414AndClosedOnEveryListener() throws Exception {
        assertOnEveryListener("GET /health?" + "q".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "HTTP/1.1 414 Request-URI Too Long\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    }

    @Test
    void garbageIs400AndClosed() throws Exception {
        String response = exchange(node.port(), "\u0001\u0002 nonsense\n\n");
        assertTrue(response.startsWith("HTTP/1.1 400 Bad Request\r\n"), response);
    }

    @Test
    void aTrickledFirstRequestIsCutOffOnEveryListener() throws Exception {
        assertOnEveryListener("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ", "");
    }

    @Test
    void aTrickledSecondRequestOnAKeptAliveConnectionIsCutOff() throws Exception {
        String response = exchange(node.port(), "GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
        assertEquals(health(), response);
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAtTheDeadline() throws Exception {
        assertEquals(health(), exchange(node.port(), "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
    }

    /**
     * Each wait runs from its own start, not from the first one's: under a 4 s deadline, requests
     * 2.5 s apart are all answered, the third one after the connection's first wait would have
     * ended (4 s) and well within its own (6.5 s).
     */
    @Test
    void eachWaitOnAKeptAliveConnectionRunsFromItsOwnStart() throws Exception {
        try (TestNode slow = TestNode.start("--ws-handshake-timeout", "4s"); Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", slow.port()), 5_000);
            socket.setSoTimeout(5_000);
            byte[] expected = health().getBytes(StandardCharsets.US_ASCII);
            for (int request = 1; request <= 3; request++) {
                if (request > 1) {
                    Thread.sleep(2_500);
                }
                socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readNBytes(expected.length), StandardCharsets.US_ASCII);
                assertEquals(health(), answer, "request " + request);
            }
        }
    }

    @Test
    void aTrickledBodyIsCutOffWithoutAnErrorResponse() throws Exception {
        String response = exchange(node.port(), "POST /offer HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"offer");
        assertEquals("", response);
        assertEquals(0, internalErrors(), "a cut-off body is not a server error");
    }

    @Test
    void pipelinedRequestsAreAllAnswered() throws Exception {
        String response = exchange(node.port(), "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /offer HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
        assertEquals(health() + health() + "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json; charset=utf-8\r\n"
                + "content-length: 53\r\n\r\n{\"code\":-1,\"msg\":\"offer_sdp is required\",\"data\":null}", response);
    }

    @Test
    void aRefusedBodyStillLeavesTheConnectionToTheDeadline() throws Exception {
        String response = exchange(node.port(), "POST /offer HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{");
        assertTrue(response.startsWith("HTTP/1.1 413 Request Entity Too Large\r\n"), response);
    }

    @Test
    void aWebSocketOutlivesTheRequestDeadline() throws Exception {
        try (WsTestClient ws = node.ws("/connect")) {
            assertEquals(101, ws.status());
            ws.nextText(); // notify-client-id
            Thread.sleep(1_500); // past the 1 s deadline: only the WebSocket read timeout applies now
            ws.sendText("{\"type\":\"nonsense\"}");
            assertEquals("{\"type\":\"error\",\"payload\":{\"error\":\"invalid type\"}}", ws.nextText());
        }
    }

    private static String health() {
        return "HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 2\r\n\r\nOK";
    }

    private static long internalErrors() throws Exception {
        return node.adminGet("/metrics").body().lines().filter(l -> l.startsWith("signal_errors_total") && l.contains("reason=\"internal\"")).count();
    }

    /**
     * Writes {@code request} and returns everything the server sends until it closes the
     * connection; fails if it is still open after 5 s (five times the deadline).
     */
    static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    received.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("connection still open after 5 s; received: " + received.toString(StandardCharsets.ISO_8859_1));
            } catch (IOException reset) {
                // a reset after the response also ends the exchange
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
