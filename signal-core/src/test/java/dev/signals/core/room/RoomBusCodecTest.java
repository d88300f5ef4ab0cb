package dev.signals.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RoomBusCodecTest {
    private final RoomBusCodec codec = new RoomBusCodec();

    @Test
    void unicastCarriesAnyFrameAndRoomVerbatim() {
        String frame = "{\"type\":\"offer\",\"payload\":{\"client_id\":\"x\",\"sdp\":\"v=0\\r\\n\"}}";
        String room = "ünï/\"code\"\n";
        assertEquals(new RoomBusMessage.Unicast(room, "t", "offer", frame),
                codec.decode(codec.unicast(room, "t", "offer", frame)));
    }

    @Test
    void readsJoinsAndLeavesAsRedisCjsonWritesThem() {
        // cjson escapes '/' as '\/' and leaves UTF-8 bytes as they are.
        assertEquals(new RoomBusMessage.MemberJoined("a/b ü", "c1", "node-1"),
                codec.decode("[\"j\",\"a\\/b ü\",\"c1\",\"node-1\"]"));
        assertEquals(new RoomBusMessage.MemberLeft("r", "c1"), codec.decode("[\"l\",\"r\",\"c1\"]"));
        assertEquals(new RoomBusMessage.MemberJoined("r", "c", "n"), codec.decode(codec.joined("r", "c", "n")));
        assertEquals(new RoomBusMessage.MemberLeft("r", "c"), codec.decode(codec.left("r", "c")));
    }

    @Test
    void malformedMessagesAreRefused() {
        for (String bad : new String[] {"", "{}", "[]", "[\"j\",\"r\"]", "[\"x\",\"r\",\"c\"]", "[\"l\",1,\"c\"]", "not json"}) {
            assertThrows(IllegalArgumentException.class, () -> codec.decode(bad), bad);
        }
    }
}
