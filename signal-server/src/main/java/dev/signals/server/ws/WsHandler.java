package dev.signals.server.ws;

import io.netty.buffer.ByteBuf;

/**
 * A dialect's per-connection logic. Every callback runs on the connection's event loop, one at a
 * time, and must not block; {@link #onClose()} runs exactly once.
 */
public interface WsHandler {
    /** The upgrade completed; the session can send. */
    void onOpen();

    /** One complete text message (valid UTF-8, within the size cap, within the rate limit). */
    void onText(String text);

    /**
     * A text message's bytes, offered before they are decoded (valid UTF-8 for the work returned
     * here: only ASCII may be taken). The work that reads them, which runs instead of onText once
     * the message is admitted and before the bytes are released; null to receive the text in
     * onText. No effect of its own: a message it takes may still be refused by a limit.
     */
    default Runnable textBytes(ByteBuf utf8) {
        return null;
    }

    /** One complete binary message (within the size cap and rate limit). */
    default void onBinary() {
    }

    /** A PONG arrived (answer to the server's PING). */
    default void onPong() {
    }

    /**
     * Whether onText hands a resumable session's cseq to the Redis write that is the frame's effect
     * ({@link WsConnection#cseq}); if not, a shared session stores the cseq alone ahead of onText
     * (docs/cluster.md "Resumable sessions").
     */
    default boolean handsOnCseq() {
        return false;
    }

    /** The connection is gone (closed by either side) or the node is draining; runs once. */
    void onClose();

    /** The dialect's error frame for a message dropped by the rate limit, or {@code null} for none. */
    default String rateLimitedFrame() {
        return null;
    }

    /**
     * The dialect's error frame for a large message refused while the node is over its send budget
     * (SECURITY.md "Memory budget"), or {@code null} for none.
     */
    default String busyFrame() {
        return null;
    }

    /** The close frame the node's drain sends this connection. */
    default WsClose drainClose() {
        return WsClose.SHUTTING_DOWN;
    }

    /** Whether the read timeout runs from the upgrade (true) or only once the dialect arms it. */
    default boolean readTimeoutFromOpen() {
        return true;
    }
}
