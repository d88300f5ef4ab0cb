package dev.signals.server.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A text message to send, given as a way to build it: as its text, which a resumable session logs
 * and the bus carries, or, for a socket that writes it at once, straight as UTF-8 bytes, which
 * spares the relay's hot path building the String (docs/room.md "Relaying an offer or answer").
 */
@FunctionalInterface
public interface TextFrame {
    /** The message's text. */
    String text();

    /**
     * The message's UTF-8 bytes in a buffer from {@link FramedText#allocate} on {@code alloc}, which
     * the caller then owns; null when the frame has no quicker way than encoding {@link #text()}.
     */
    default ByteBuf utf8(ByteBufAllocator alloc) {
        return null;
    }
}
