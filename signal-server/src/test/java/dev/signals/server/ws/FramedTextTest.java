package dev.signals.server.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/production.md "Flushes": a text frame framed by {@link FramedText} is byte for byte Netty's server frame. */
class FramedTextTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 2048, 65535, 65536, 70000})
    void aFramedTextIsTheBytesNettysServerEncoderWrites(int length) {
        byte[] payload = new byte[length];
        new Random(length).nextBytes(payload);

        ByteBuf ours = FramedText.allocate(ByteBufAllocator.DEFAULT, length).writeBytes(payload);
        assertTrue(FramedText.hasRoom(ours));
        byte[] framed = ByteBufUtil.getBytes(FramedText.frame(ours));
        ours.release();

        assertArrayEquals(nettyFrame(payload), framed);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 125, 126, 65536})
    void aBufferWithoutTheRoomIsToldApart(int length) {
        ByteBuf plain = Unpooled.buffer(length).writerIndex(length);
        assertFalse(FramedText.hasRoom(plain));
    }

    /** What a server's RFC 6455 encoder (no mask) sends for a final text frame of {@code payload}. */
    private static byte[] nettyFrame(byte[] payload) {
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        channel.writeOutbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)));
        CompositeByteBuf all = Unpooled.compositeBuffer();
        for (Object part; (part = channel.readOutbound()) != null; ) {
            all.addComponent(true, (ByteBuf) part);
        }
        byte[] bytes = ByteBufUtil.getBytes(all);
        all.release();
        channel.finishAndReleaseAll();
        return bytes;
    }
}
