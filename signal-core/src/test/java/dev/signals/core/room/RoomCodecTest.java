package dev.signals.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signals.core.json.StrictJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomCodecTest {
    private final RoomCodec codec = new RoomCodec(new StrictJson());

    private String reason(String frame) {
        return assertThrows(RoomProtocolException.class, () -> codec.decode(frame)).reason();
    }

    @Test
    void decodesEveryRequestType() throws Exception {
        assertEquals(new RoomRequest.Join("r"), codec.decode("{\"type\":\"join\",\"payload\":{\"room_id\":\"r\"}}"));
        assertEquals(new RoomRequest.Sdp(RoomRequest.SdpKind.ANSWER, "t", "s"),
                codec.decode("{\"type\":\"answer\",\"payload\":{\"client_id\":\"t\",\"sdp\":\"s\"}}"));
        assertEquals(new RoomRequest.IceCandidate("t", "c", null, 0L),
                codec.decode("{\"type\":\"ice-candidate\",\"payload\":{\"client_id\":\"t\",\"candidate\":\"c\",\"sdpMLineIndex\":0}}"));
        assertInstanceOf(RoomRequest.Leave.class, codec.decode("{\"type\":\"leave\"}"));
        assertInstanceOf(RoomRequest.Leave.class, codec.decode("{\"type\":\"leave\",\"payload\":{}}"));
        assertInstanceOf(RoomRequest.KeepAlive.class, codec.decode("{\"type\":\"pong\",\"payload\":42}"));
    }

    @Test
    void refusesBadInputWithTheSpecifiedReasons() {
        assertEquals("invalid payload", reason("not json"));
        assertEquals("invalid payload", reason("[]"));
        assertEquals("invalid payload", reason("{\"type\":1}"));
        assertEquals("invalid payload", reason("{\"payload\":{}}"));
        assertEquals("invalid payload", reason("{\"type\":\"join\"}"));
        assertEquals("invalid payload", reason("{\"type\":\"join\",\"payload\":\"r\"}"));
        assertEquals("invalid payload", reason("{\"type\":\"join\",\"payload\":{\"room_id\":\"\"}}"));
        assertEquals("invalid payload", reason("{\"type\":\"join\",\"payload\":{\"room_id\":1}}"));
        assertEquals("invalid payload", reason("{\"type\":\"join\",\"payload\":{\"room_id\":\"" + "x".repeat(129) + "\"}}"));
        assertEquals("invalid payload", reason("{\"type\":\"offer\",\"payload\":{\"client_id\":\"t\"}}"));
        assertEquals("invalid payload", reason("{\"type\":\"ice-candidate\",\"payload\":{\"client_id\":\"t\",\"candidate\":\"c\",\"sdpMLineIndex\":1.5}}"));
        assertEquals("invalid payload", reason("{\"type\":\"ice-candidate\",\"payload\":{\"client_id\":\"t\",\"candidate\":\"c\",\"sdpMid\":0}}"));
        assertEquals("invalid payload", reason("{\"type\":\"leave\",\"payload\":[]}"));
        assertEquals("invalid type", reason("{\"type\":\"dance\",\"payload\":{}}"));
    }

    @Test
    void acceptsRoomIdsOfExactly128CodePoints() throws Exception {
        String emoji = "😀".repeat(128);
        assertEquals(new RoomRequest.Join(emoji), codec.decode("{\"type\":\"join\",\"payload\":{\"room_id\":\"" + emoji + "\"}}"));
    }

    @Test
    void writesPayloadKeysAlphabetically() {
        assertEquals("{\"type\":\"ice-candidate\",\"payload\":{\"candidate\":\"c\",\"client_id\":\"s\",\"sdpMLineIndex\":null,\"sdpMid\":null}}",
                codec.relayedCandidate(new RoomRequest.IceCandidate("t", "c", null, null), "s"));
        assertEquals("{\"type\":\"joined\",\"payload\":{\"client_ids\":[\"a\",\"b\"],\"room_id\":\"r\"}}",
                codec.joined(List.of("a", "b"), "r"));
        assertEquals("{\"type\":\"error\",\"payload\":{\"error\":\"room is full\"}}", codec.error("room is full"));
    }

    /** The relay's hot path builds its frame in one sized builder; the bytes stay those of JSON.stringify. */
    @Test
    void relayedSdpIsTheSendersFrameWithItsIdWrittenIn() {
        String sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\na=\"quoted\" \\ \u2028 😀\r\n".repeat(100);
        String escaped = sdp.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n");
        assertEquals("{\"type\":\"answer\",\"payload\":{\"client_id\":\"c9\",\"sdp\":\"" + escaped + "\"}}",
                codec.relayedSdp(RoomRequest.Sdp.of(RoomRequest.SdpKind.ANSWER, "target", sdp), "c9"));
    }
}
