package dev.signals.server.call;

import static dev.signals.server.call.CallPeer.event;
import static dev.signals.server.call.CallPeer.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every {@code /ws} close of docs/call.md, each produced by the input that should produce it. */
class CallSocketCloseTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private TestNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static void assertClosed(WsTestClient client, int code, String reason) throws InterruptedException {
        WsTestClient.Frame close = client.awaitClose(WAIT);
        assertEquals(code, close.closeCode(), close.closeReason());
        assertEquals(reason, close.closeReason());
    }

    @Test
    void noJoinWithinTheJoinTimeoutIsAHandshakeReadFailureNotAReadTimeout() throws Exception {
        // The read timeout is shorter, but it is armed only after WELCOME.
        node = TestNode.start("--ws-join-timeout", "600ms", "--ws-read-timeout", "100ms");
        try (WsTestClient silent = node.ws("/ws")) {
            assertClosed(silent, 1000, "handshake read failure");
        }
    }

    @Test
    void silenceAfterWelcomeIsAReadTimeout() throws Exception {
        node = TestNode.start("--ws-read-timeout", "300ms", "--ws-ping-interval", "5s");
        try (CallPeer a = CallPeer.joined(node, "quiet")) {
            assertClosed(a.ws, 1001, "read timeout");
        }
    }

    @Test
    void answeringPingsKeepsTheSocketOpenPastTheReadTimeout() throws Exception {
        node = TestNode.start("--ws-read-timeout", "300ms", "--ws-ping-interval", "100ms");
        try (CallPeer a = CallPeer.joined(node, "alive")) {
            Thread.sleep(900); // three read timeouts' worth of pongs
            try (CallPeer b = CallPeer.seat(node, "alive")) {
                assertEquals(peer("alive"), a.nextText());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "hello",
        "{\"kind\":\"OFFER\",\"call\":\"c\",\"session\":\"S\"}",
        "{\"kind\":\"join\",\"call\":\"c\",\"session\":\"S\"}",
        "{\"call\":\"c\",\"session\":\"S\"}",
        "{\"kind\":\"JOIN\",\"session\":\"S\"}",
        "{\"kind\":\"JOIN\",\"call\":\"c\"}",
        "{\"kind\":\"JOIN\",\"call\":\"c\",\"session\":\"S\",\"body\":\"x\"}",
        "{\"kind\":\"JOIN\",\"call\":\"c\",\"session\":\"S\",\"session\":\"S\"}",
    })
    void aMalformedJoinIsABadHandshake(String first) throws Exception {
        node = TestNode.start();
        CallPeer seated = CallPeer.seat(node, "c");
        try (WsTestClient client = CallPeer.openWs(node, first.replace("\"S\"", "\"" + seated.session + "\""))) {
            assertClosed(client, 1000, "bad handshake");
        }
    }

    @Test
    void aBinaryJoinIsABadHandshake() throws Exception {
        node = TestNode.start();
        CallPeer seated = CallPeer.seat(node, "c");
        try (WsTestClient client = node.ws("/ws")) {
            client.sendBinary(seated.joinMessage.getBytes(StandardCharsets.UTF_8));
            assertClosed(client, 1000, "bad handshake");
        }
    }

    @Test
    void aJoinForASessionWithoutASeatIsABadSeat() throws Exception {
        node = TestNode.start();
        CallPeer seated = CallPeer.seat(node, "c");
        try (WsTestClient stranger = CallPeer.openWs(node,
                "{\"call\":\"c\",\"session\":\"2aAbcdefghijklmnopqrstuvwxy\",\"kind\":\"JOIN\"}")) {
            assertClosed(stranger, 1000, "bad seat");
        }
        try (WsTestClient wrongCall = CallPeer.openWs(node,
                "{\"call\":\"d\",\"session\":\"" + seated.session + "\",\"kind\":\"JOIN\"}")) {
            assertClosed(wrongCall, 1000, "bad seat");
        }
    }

    @Test
    void aSeatThatLapsedBeforeThePongIsASeatRenewalFailure() throws Exception {
        node = TestNode.start("--seat-timeout", "300ms", "--ws-ping-interval", "800ms", "--ws-read-timeout", "5s");
        try (CallPeer a = CallPeer.joined(node, "lost")) {
            assertClosed(a.ws, 1000, "seat renewal failure");
        }
    }

    @Test
    void aSecondSocketForTheSessionReplacesTheFirst() throws Exception {
        node = TestNode.start();
        try (CallPeer a = CallPeer.joined(node, "r")) {
            WsTestClient first = a.ws;
            a.connect();
            assertClosed(first, 1000, "replaced by a newer connection");
            try (CallPeer b = CallPeer.joined(node, "r")) {
                assertEquals(peer("r"), a.nextText(), "the newer socket receives the call's events");
            }
        }
    }

    @Test
    void anOversizedFrameIs1009BeforeAndAfterTheHandshake() throws Exception {
        node = TestNode.start("--max-message-bytes", "1KiB");
        try (WsTestClient early = node.ws("/ws")) {
            early.sendText("x".repeat(2048));
            assertClosed(early, 1009, "message too big");
        }
        try (CallPeer a = CallPeer.joined(node, "big")) {
            a.ws.sendText("x".repeat(2048));
            assertClosed(a.ws, 1009, "message too big");
        }
    }

    @Test
    void invalidUtf8Is1007BeforeAndAfterTheHandshake() throws Exception {
        node = TestNode.start();
        try (WsTestClient early = node.ws("/ws")) {
            early.sendTextBytes(new byte[] {'{', (byte) 0xC3, '}'});
            assertClosed(early, 1007, "invalid utf-8");
        }
        try (CallPeer a = CallPeer.joined(node, "utf")) {
            a.ws.sendTextBytes(new byte[] {(byte) 0xFF});
            assertClosed(a.ws, 1007, "invalid utf-8");
        }
    }

    @Test
    void framesAfterWelcomeAreIgnored() throws Exception {
        node = TestNode.start();
        try (CallPeer a = CallPeer.joined(node, "ign"); CallPeer b = CallPeer.joined(node, "ign")) {
            assertEquals(peer("ign"), a.nextText());
            a.ws.sendText("not json at all");
            a.ws.sendBinary(new byte[] {1, 2, 3});
            a.ws.sendText(a.joinMessage);
            a.ws.sendText("{\"call\":\"ign\",\"session\":\"" + a.session + "\",\"kind\":\"OFFER\",\"body\":\"ws\"}");
            b.send("OFFER", "still-open");
            assertEquals(event("ign", "OFFER", "still-open"), a.nextText());
            a.send("ANSWER", "mine");
            assertEquals(event("ign", "ANSWER", "mine"), b.nextText(), "nothing A sent on its socket was relayed");
            assertTrue(!a.ws.isEof());
        }
    }

    @Test
    void withoutAnUpgradeWsIsABadRequest() throws Exception {
        node = TestNode.start();
        var res = node.get("/ws");
        assertEquals(400, res.statusCode());
        assertEquals("Bad Request", res.body());
        assertEquals(405, node.post("/ws", "").statusCode());
    }
}
