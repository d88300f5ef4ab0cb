package dev.signals.loadtest.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signals.loadtest.net.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SdpFramesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void relayMessageIsRoomDialectJsonWithAStampedSdpOfTheRequestedSize() throws Exception {
        SdpFrames frames = new SdpFrames(2048);
        ByteBuf buf = frames.payload(Unpooled.buffer(), true, "dc21lkfe8c347vuv45r0", 123456789012L, 77);
        try {
            JsonNode msg = MAPPER.readTree(buf.toString(StandardCharsets.UTF_8));
            assertEquals("offer", msg.get("type").asText());
            assertEquals("dc21lkfe8c347vuv45r0", msg.get("payload").get("client_id").asText());
            String sdp = msg.get("payload").get("sdp").asText();
            assertTrue(sdp.startsWith("v=0\r\no=- 123456789012 77 IN IP4 127.0.0.1\r\ns=-\r\n"), sdp);
            assertTrue(sdp.endsWith("\r\n"));
            assertEquals(2048, sdp.length(), 24, "about the requested size");
            assertEquals(123456789012L, SdpFrames.stampOf(buf));
            assertEquals(77, SdpFrames.lagOf(buf));
        } finally {
            buf.release();
        }
        ByteBuf answer = frames.payload(Unpooled.buffer(), false, "x", 5, 1, 0);
        assertTrue(answer.toString(StandardCharsets.UTF_8).startsWith("{\"type\":\"answer\","));
        answer.release();
    }

    @Test
    void withACseqTheMessageIsWrappedAsANumberedSessionFrame() throws Exception {
        ByteBuf buf = new SdpFrames(512).payload(Unpooled.buffer(), true, "peer", 42, 7, 19);
        try {
            String text = buf.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith("{\"cseq\":19,\"msg\":{\"type\":\"offer\","), text);
            JsonNode frame = MAPPER.readTree(text);
            assertEquals(19, frame.get("cseq").asLong());
            assertEquals("peer", frame.get("msg").get("payload").get("client_id").asText());
            assertEquals(42, SdpFrames.stampOf(buf));
            assertEquals(7, SdpFrames.lagOf(buf));
        } finally {
            buf.release();
        }
    }

    @Test
    void relayIsTheMessageInOneMaskedTextFrame() {
        SdpFrames frames = new SdpFrames(2048);
        ByteBuf payload = frames.payload(Unpooled.buffer(), true, "dc21lkfe8c347vuv45r0", 42, 7, 0);
        ByteBuf frame = frames.relay(UnpooledByteBufAllocator.DEFAULT, true, "dc21lkfe8c347vuv45r0", 42, 7);
        try {
            assertEquals(0x81, frame.getUnsignedByte(frame.readerIndex()));
            assertEquals(0x80 | 126, frame.getUnsignedByte(frame.readerIndex() + 1));
            assertEquals(payload.readableBytes(), frame.getUnsignedShort(frame.readerIndex() + 2));
            assertEquals(0, frame.getInt(frame.readerIndex() + 4), "zero masking key");
            assertEquals(payload, frame.slice(frame.readerIndex() + 8, frame.readableBytes() - 8));
        } finally {
            payload.release();
            frame.release();
        }
    }

    @Test
    void theStampIsFoundInWhatEachServerWritesBack() {
        // signal and the bare relay write client_id first (alphabetical); Go's encoder escapes nothing in the stamp.
        ByteBuf relayed = Unpooled.copiedBuffer(
                "{\"type\":\"answer\",\"payload\":{\"client_id\":\"abc\",\"sdp\":\"v=0\\r\\no=- 987654321 3 IN IP4 127.0.0.1\\r\\n\"}}",
                StandardCharsets.UTF_8);
        assertTrue(Frames.typeIs(relayed, Frames.ascii("answer\"")));
        assertFalse(Frames.typeIs(relayed, Frames.ascii("offer\"")));
        assertEquals(987654321L, SdpFrames.stampOf(relayed));
        assertEquals(3, SdpFrames.lagOf(relayed));
        ByteBuf ping = Unpooled.copiedBuffer("{\"type\":\"ping\"}", StandardCharsets.UTF_8);
        assertEquals(-1, SdpFrames.stampOf(ping));
        assertEquals(-1, SdpFrames.lagOf(ping));
        assertFalse(Frames.typeIs(ping, Frames.ascii("offer\"")));
    }

    @Test
    void sdpTextHasTheRequestedSizeAndRealLines() {
        String sdp = SdpText.of(3000);
        assertTrue(sdp.startsWith("v=0\r\no=- "));
        assertTrue(sdp.contains("a=fingerprint:sha-256 "));
        assertTrue(sdp.contains("a=candidate:"));
        assertEquals(3000, sdp.length(), 2);
    }

    @Test
    void roomMessagesReadSingosBase64PayloadsToo() {
        RoomMessages.Message plain = RoomMessages.parse("{\"type\":\"notify-client-id\",\"payload\":{\"client_id\":\"abc\"}}");
        assertEquals("abc", plain.text("client_id"));
        // What singo sends: the payload is Go's []byte marshalled as base64.
        RoomMessages.Message singo = RoomMessages.parse(
                "{\"type\":\"notify-client-id\",\"payload\":\"eyJjbGllbnRfaWQiOiJkYzIxZWRscW1kMnV2MWI2ZnFiZyJ9\"}");
        assertEquals("notify-client-id", singo.type());
        assertEquals("dc21edlqmd2uv1b6fqbg", singo.text("client_id"));
        assertEquals(null, RoomMessages.parse("not json"));
        assertTrue(RoomMessages.isType("{\"type\":\"joined\",\"payload\":{}}", "joined"));
        assertFalse(RoomMessages.isType("{\"type\":\"joinedx\"}", "joined"));
    }
}
