package dev.signals.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 8, WebSocket protocol gaps: every close the server makes for a bad frame is
 * counted in {@code signal_errors_total} (an oversized single frame as {@code message_too_big},
 * every 1002 as {@code protocol_violation}), reserved bits without a negotiated extension close
 * 1002, and an upgrade without {@code Sec-WebSocket-Key} is answered 400 in the dialect's style.
 */
class WsProtocolViolationsTest {
    private static final byte[] HELLO = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);

    private TestNode node;

    @BeforeEach
    void start() {
        node = TestNode.start("--max-message-bytes", "1KiB");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private WsTestClient connected() throws Exception {
        WsTestClient ws = node.ws("/connect");
        assertEquals(101, ws.status());
        ws.nextText(); // notify-client-id
        return ws;
    }

    /**
     * Waits for the count of {@code reason} to reach {@code expected} and checks it is exactly that;
     * the node counts a refusal after its close frame is on the wire.
     */
    private void assertErrors(String reason, double expected) throws Exception {
        String series = "signal_errors_total{dialect=\"room\",reason=\"" + reason + "\"}";
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        double count = NodeChecks.metric(node, series);
        while (count < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
            count = NodeChecks.metric(node, series);
        }
        assertEquals(expected, count, series);
    }

    private static void assertClosed(WsTestClient ws, int code) throws Exception {
        WsTestClient.Frame close = ws.awaitClose(Duration.ofSeconds(5));
        assertTrue(close != null && close.isClose(), "a close frame");
        assertEquals(code, close.closeCode(), close.closeReason());
        assertTrue(ws.awaitEof(Duration.ofSeconds(5)), "and the connection closed");
    }

    @Test
    void aSingleOversizedFrameIsClosed1009AndCounted() throws Exception {
        try (WsTestClient ws = connected()) {
            ws.sendText("x".repeat(2_000));
            WsTestClient.Frame close = ws.awaitClose(Duration.ofSeconds(5));
            assertEquals(1009, close.closeCode());
            assertEquals("message too big", close.closeReason());
        }
        assertErrors("message_too_big", 1);
    }

    @Test
    void aReservedOpcodeIsClosed1002AndCounted() throws Exception {
        try (WsTestClient ws = connected()) {
            ws.sendFrameWithFirstByte(0x80 | 0x3, HELLO);
            assertClosed(ws, 1002);
        }
        assertErrors("protocol_violation", 1);
    }

    @Test
    void reservedBitsWithoutAnExtensionAreClosed1002AndCounted() throws Exception {
        int[] rsv = {0x40, 0x20, 0x10};
        for (int bit : rsv) {
            try (WsTestClient ws = connected()) {
                ws.sendFrameWithFirstByte(0x80 | bit | 0x1, HELLO);
                assertClosed(ws, 1002);
            }
        }
        // On a continuation frame too, which the aggregator would otherwise fold away.
        try (WsTestClient ws = connected()) {
            ws.sendFrame(0x1, false, "{\"type\":".getBytes(StandardCharsets.UTF_8));
            ws.sendFrameWithFirstByte(0x80 | 0x40, "\"ping\"}".getBytes(StandardCharsets.UTF_8));
            assertClosed(ws, 1002);
        }
        assertErrors("protocol_violation", 4);
    }

    @Test
    void anUpgradeWithoutAKeyOrConnectionUpgradeIsAnswered400() throws Exception {
        String noKey = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n";
        assertEquals("400 Bad Request", answer("/connect", noKey));
        assertEquals("400 {\"code\":-1,\"msg\":\"websocket upgrade required\",\"data\":null}", answer("/ws/D", noKey));
        assertEquals("400 Bad Request", answer("/connect", noKey + "Sec-WebSocket-Key: \r\n"));
        assertEquals("400 Bad Request", answer("/connect",
                "Upgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                        + "dGhlIHNhbXBsZSBub25jZQ==\r\n"));
    }

    /** Sends a GET with {@code headers} on a raw socket; returns the status code and the body. */
    private String answer(String path, String headers) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                assertTrue(b >= 0, "the connection was dropped without an answer after: " + head);
                head.append((char) b);
            }
            Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            int n = length.find() ? Integer.parseInt(length.group(1)) : 0;
            return head.substring(9, 12) + " " + new String(in.readNBytes(n), StandardCharsets.UTF_8);
        }
    }
}
