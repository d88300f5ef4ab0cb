package dev.signals.server.room;

import dev.signals.core.room.RoomCodec;
import dev.signals.server.ws.FramedText;
import dev.signals.server.ws.TextFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * A relayed offer or answer spliced together from the sender's own frame: the envelope with the
 * sender's id, then the SDP's bytes exactly as they arrived, then the envelope's end
 * (docs/room.md "Relaying an offer or answer"). It reads the sender's frame, so it is only valid
 * while the relay that made it runs. The SDP is {@code length} ASCII bytes of {@code source} from
 * index {@code from}.
 */
record SplicedSdpFrame(SplicedSdpFrame.Prefix prefix, ByteBuf source, int from, int length) implements TextFrame {
    private static final byte[] SUFFIX = RoomCodec.RELAYED_SDP_SUFFIX.getBytes(StandardCharsets.US_ASCII);

    /** A sender's envelope up to the SDP, as text and as UTF-8 ({@link RoomCodec#relayedSdpPrefix}). */
    record Prefix(String text, byte[] utf8) {
        static Prefix of(String text) {
            return new Prefix(text, text.getBytes(StandardCharsets.UTF_8));
        }

        /** The relayed frame, as text, around an SDP already in {@code JSON.stringify}'s spelling. */
        String frame(String escapedSdp) {
            return RoomCodec.relayedSdp(text, escapedSdp);
        }
    }

    @Override
    public String text() {
        return prefix.frame(source.toString(from, length, StandardCharsets.US_ASCII));
    }

    @Override
    public ByteBuf utf8(ByteBufAllocator alloc) {
        int size = prefix.utf8().length + length + SUFFIX.length;
        return FramedText.allocate(alloc, size).writeBytes(prefix.utf8()).writeBytes(source, from, length).writeBytes(SUFFIX);
    }
}
