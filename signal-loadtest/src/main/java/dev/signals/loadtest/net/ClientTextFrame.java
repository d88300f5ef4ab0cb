package dev.signals.loadtest.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Builds a client's WebSocket text frame (RFC 6455 § 5.2) in one buffer, header included, so the
 * hot send path skips Netty's frame encoder: the payload is written first behind room for the
 * longest header, and the header goes in front of it once its length is known. The masking key
 * is zero, which makes masking the identity: the frame is valid for every server, but not
 * unpredictable as RFC 6455 § 5.3 wants for browsers behind proxies (docs/benchmarks.md § How it
 * measures).
 */
public final class ClientTextFrame {
    /** FIN, text opcode, 8-byte extended length, four mask bytes. */
    private static final int MAX_HEADER = 2 + 8 + 4;

    private ClientTextFrame() {
    }

    /** A buffer ready for the payload; pass it to {@link #finish} once the payload is written. */
    public static ByteBuf start(ByteBufAllocator alloc, int payloadCapacity) {
        ByteBuf buf = alloc.directBuffer(MAX_HEADER + payloadCapacity);
        buf.writerIndex(MAX_HEADER);
        buf.readerIndex(MAX_HEADER);
        return buf;
    }

    /** Writes the header for the payload written since {@link #start}; returns the whole frame. */
    public static ByteBuf finish(ByteBuf buf) {
        long length = buf.writerIndex() - MAX_HEADER;
        int header = 2 + 4 + (length <= 125 ? 0 : length <= 0xFFFF ? 2 : 8);
        int at = MAX_HEADER - header;
        buf.setByte(at, 0x81);
        if (length <= 125) {
            buf.setByte(at + 1, 0x80 | (int) length);
        } else if (length <= 0xFFFF) {
            buf.setByte(at + 1, 0x80 | 126);
            buf.setShort(at + 2, (int) length);
        } else {
            buf.setByte(at + 1, 0x80 | 127);
            buf.setLong(at + 2, length);
        }
        buf.setInt(MAX_HEADER - 4, 0);
        buf.readerIndex(at);
        return buf;
    }
}
