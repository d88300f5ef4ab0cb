package dev.signals.server.ws;

/**
 * A dialect's per-connection logic. Every callback runs on the connection's event loop, one at a
 * time, and must not block; {@link #onClose()} runs exactly once.
 */
public interface WsHandler {
    /** The upgrade completed; the session can send. */
    void onOpen();

    /** One complete text message (valid UTF-8, within the size cap, within the rate limit). */
    void onText(String text);

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
