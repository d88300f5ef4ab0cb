package dev.signals.server.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A text message's UTF-8 bytes with room in front for its frame header, so that the socket writes
 * it as one finished frame, past Netty's frame encoder (docs/production.md "Flushes"): no frame
 * object, no header buffer, no second write per message. Server frames are never masked.
 */
public final class FramedText {
    /**
     * The longest header of an unmasked frame: two bytes, then up to eight of length. Also what each
     * frame a socket queues counts beyond its payload against the socket's bounds.
     */
    static final int HEADER_ROOM = 10;
    private static final byte FINAL_TEXT = (byte) 0x81;

    private FramedText() {
    }

    /** An empty buffer for a message of {@code payloadBytes}, ready for them to be written after the header's room. */
    public static ByteBuf allocate(ByteBufAllocator alloc, int payloadBytes) {
        int capacity = HEADER_ROOM + payloadBytes;
        ByteBuf buffer = alloc.buffer(capacity, capacity);
        return buffer.writerIndex(HEADER_ROOM).readerIndex(HEADER_ROOM);
    }

    /** The header's length for a payload of {@code payloadBytes} (RFC 6455 section 5.2). */
    static int headerLength(int payloadBytes) {
        return payloadBytes < 126 ? 2 : payloadBytes <= 0xFFFF ? 4 : HEADER_ROOM;
    }

    /** Whether {@code payload} has the room its header needs in front of its readable bytes. */
    static boolean hasRoom(ByteBuf payload) {
        return payload.readerIndex() >= headerLength(payload.readableBytes());
    }

    /** Writes a final text frame's header into the room in front of {@code payload}, which then reads as the whole frame. */
    static ByteBuf frame(ByteBuf payload) {
        int length = payload.readableBytes();
        int start = payload.readerIndex() - headerLength(length);
        payload.setByte(start, FINAL_TEXT);
        if (length < 126) {
            payload.setByte(start + 1, length);
        } else if (length <= 0xFFFF) {
            payload.setByte(start + 1, 126);
            payload.setShort(start + 2, length);
        } else {
            payload.setByte(start + 1, 127);
            payload.setLong(start + 2, length);
        }
        return payload.readerIndex(start);
    }
}
