package dev.signals.server.room;

import static dev.signals.server.room.RoomClients.connect;
import static dev.signals.server.room.RoomClients.error;
import static dev.signals.server.room.RoomClients.joined;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.room.RoomClients.Client;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad input of docs/room.md gets its exact error frame and the connection stays usable. */
class RoomBadInputTest {
    private TestNode node;

    @BeforeEach
    void start() {
        node = TestNode.start("--room-max-clients", "2");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not json|invalid payload",
        "[1,2]|invalid payload",
        "\"join\"|invalid payload",
        "{\"type\":7,\"payload\":{}}|invalid payload",
        "{\"payload\":{\"room_id\":\"r\"}}|invalid payload",
        "{\"type\":\"join\"}|invalid payload",
        "{\"type\":\"join\",\"payload\":null}|invalid payload",
        "{\"type\":\"join\",\"payload\":[]}|invalid payload",
        "{\"type\":\"join\",\"payload\":{\"room_id\":\"\"}}|invalid payload",
        "{\"type\":\"join\",\"payload\":{\"room_id\":12}}|invalid payload",
        "{\"type\":\"join\",\"payload\":{\"room_id\":\"r\"},\"type\":\"join\"}|invalid payload",
        "{\"type\":\"join\",\"payload\":{\"room_id\":\"r\"}} trailing|invalid payload",
        "{\"type\":\"offer\",\"payload\":{\"client_id\":\"x\",\"sdp\":5}}|invalid payload",
        "{\"type\":\"answer\",\"payload\":{\"sdp\":\"s\"}}|invalid payload",
        "{\"type\":\"ice-candidate\",\"payload\":{\"client_id\":\"x\",\"candidate\":\"c\",\"sdpMLineIndex\":\"0\"}}|invalid payload",
        "{\"type\":\"hello\",\"payload\":{}}|invalid type",
        "{\"type\":\"offer\",\"payload\":{\"client_id\":\"nobody\",\"sdp\":\"s\"}}|failed to transfer offer",
        "{\"type\":\"answer\",\"payload\":{\"client_id\":\"nobody\",\"sdp\":\"s\"}}|failed to transfer answer",
        "{\"type\":\"ice-candidate\",\"payload\":{\"client_id\":\"nobody\",\"candidate\":\"c\"}}|failed to transfer ice candidate",
    })
    void badFrameGetsItsErrorAndTheConnectionKeepsWorking(String frame, String reason) throws Exception {
        try (Client a = connect(node)) {
            a.send(frame);
            assertEquals(error(reason), a.next());
            a.join("still-works");
            assertEquals(joined("still-works"), a.next());
        }
    }

    @Test
    void overlongRoomIdIsInvalidPayload() throws Exception {
        try (Client a = connect(node)) {
            a.send("{\"type\":\"join\",\"payload\":{\"room_id\":\"" + "é".repeat(129) + "\"}}");
            assertEquals(error("invalid payload"), a.next());
        }
    }

    @Test
    void unicastToAMemberOfAnotherRoomFails() throws Exception {
        try (Client a = connect(node); Client b = connect(node)) {
            a.join("one");
            a.next();
            b.join("two");
            b.next();
            a.send(RoomClients.offer(b.id(), "s"));
            assertEquals(error("failed to transfer offer"), a.next());
        }
    }

    @Test
    void binaryFrameIsInvalidPayload() throws Exception {
        try (Client a = connect(node)) {
            a.ws().sendBinary(new byte[] {1, 2, 3});
            assertEquals(error("invalid payload"), a.next());
        }
    }

    @Test
    void fullRoomRefusesAndTheClientStaysWhereItWas() throws Exception {
        try (Client a = connect(node); Client b = connect(node); Client c = connect(node)) {
            a.join("full");
            a.next();
            b.join("full");
            b.next();
            a.next();
            c.join("home");
            c.next();
            c.join("full");
            assertEquals(error("room is full"), c.next());
            c.join("home");
            assertEquals(joined("home"), c.next());
        }
    }

    @Test
    void invalidUtf8ClosesWith1007() throws Exception {
        try (Client a = connect(node)) {
            a.ws().sendTextBytes(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
            WsTestClient.Frame close = a.ws().awaitClose(Duration.ofSeconds(5));
            assertEquals(1007, close.closeCode());
            assertEquals("invalid utf-8", close.closeReason());
        }
    }

    /** Each malformed kind: bad continuation, bytes never in UTF-8, overlong, surrogate, beyond U+10FFFF, truncated, lone continuation. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"c328", "ff", "fe", "c0af", "eda080", "f4908080", "e282", "80"})
    void everyMalformedSequenceInsideAStringClosesWith1007(String hex) throws Exception {
        try (Client a = connect(node)) {
            byte[] bad = HexFormat.of().parseHex(hex);
            byte[] head = "{\"type\":\"join\",\"payload\":{\"room_id\":\"r".getBytes(StandardCharsets.UTF_8);
            byte[] tail = "\"}}".getBytes(StandardCharsets.UTF_8);
            ByteBuffer frame = ByteBuffer.allocate(head.length + bad.length + tail.length).put(head).put(bad).put(tail);
            a.ws().sendTextBytes(frame.array());
            WsTestClient.Frame close = a.ws().awaitClose(Duration.ofSeconds(5));
            assertEquals(1007, close.closeCode());
            assertEquals("invalid utf-8", close.closeReason());
        }
    }

    /** U+FFFD is what a decoder makes of malformed bytes; sent as itself (EF BF BD) it is valid and relayed as is. */
    @Test
    void aReplacementCharacterSentAsItselfIsRelayedByteForByte() throws Exception {
        try (Client a = connect(node); Client b = connect(node)) {
            RoomClients.joinTogether("fffd", a, b);
            b.send(RoomClients.offer(a.id(), "v=0\uFFFD\u00e9\\r\\n"));
            assertEquals(RoomClients.relayed("offer", b.id(), "v=0\uFFFD\u00e9\\r\\n"), a.next());
        }
    }

    @Test
    void oneMebibyteFrameClosesWith1009() throws Exception {
        try (Client a = connect(node)) {
            try {
                a.ws().sendText("x".repeat(1024 * 1024));
            } catch (java.io.IOException closedWhileWriting) {
                // The server may close before the whole mebibyte is written; its close frame came first.
            }
            WsTestClient.Frame close = a.ws().awaitClose(Duration.ofSeconds(5));
            assertEquals(1009, close.closeCode());
            assertEquals("message too big", close.closeReason());
        }
    }

    @Test
    void fragmentedMessageOverTheCapClosesWith1009() throws Exception {
        try (Client a = connect(node)) {
            byte[] chunk = "y".repeat(40 * 1024).getBytes(StandardCharsets.UTF_8);
            a.ws().sendFrame(0x1, false, chunk);
            a.ws().sendFrame(0x0, true, chunk);
            WsTestClient.Frame close = a.ws().awaitClose(Duration.ofSeconds(5));
            assertEquals(1009, close.closeCode());
            assertEquals("message too big", close.closeReason());
        }
    }

    @Test
    void fragmentedMessageUnderTheCapIsOneMessage() throws Exception {
        try (Client a = connect(node)) {
            a.ws().sendFrame(0x1, false, "{\"type\":\"join\",".getBytes(StandardCharsets.UTF_8));
            a.ws().sendFrame(0x0, true, "\"payload\":{\"room_id\":\"frag\"}}".getBytes(StandardCharsets.UTF_8));
            assertEquals(joined("frag"), a.next());
        }
    }

    @Test
    void plainGetOnTheWebSocketPathIs400() throws Exception {
        var res = node.get("/connect");
        assertEquals(400, res.statusCode());
        assertEquals("Bad Request", res.body());
        assertEquals(405, node.post("/connect", "").statusCode());
    }
}
