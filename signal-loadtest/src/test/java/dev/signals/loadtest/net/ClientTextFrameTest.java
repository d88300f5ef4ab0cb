package dev.signals.loadtest.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClientTextFrameTest {
    private static ByteBuf frameOf(String text) {
        ByteBuf buf = ClientTextFrame.start(UnpooledByteBufAllocator.DEFAULT, text.length());
        buf.writeCharSequence(text, StandardCharsets.UTF_8);
        return ClientTextFrame.finish(buf);
    }

    @Test
    void shortFrameHasTheSevenBitLengthAndAZeroMask() {
        ByteBuf frame = frameOf("hi");
        assertEquals("8182" + "00000000" + "6869", ByteBufUtil.hexDump(frame));
        frame.release();
    }

    @Test
    void everyLengthClassIsReadBackByAServersDecoder() {
        for (int length : new int[] {0, 125, 126, 0xFFFF, 0x10000}) {
            String text = "x".repeat(length);
            // What a server runs on a client's bytes: masked frames required, as RFC 6455 § 5.1 says.
            EmbeddedChannel server = new EmbeddedChannel(new WebSocket08FrameDecoder(
                    WebSocketDecoderConfig.newBuilder().expectMaskedFrames(true).maxFramePayloadLength(1 << 20).build()));
            assertTrue(server.writeInbound(frameOf(text)), "a frame for " + length + " bytes");
            TextWebSocketFrame read = server.readInbound();
            assertEquals(text, read.text());
            assertTrue(read.isFinalFragment());
            read.release();
            server.finishAndReleaseAll();
        }
    }
}
