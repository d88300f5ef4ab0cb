package dev.signals.server.ws;

import dev.signals.server.logging.ConnLog;
import java.time.Duration;

/**
 * What a dialect handler sees of its client: one {@link WsSession} socket, or a resumable session
 * that outlives its sockets (docs/resume.md). The dialect cannot tell which, by design.
 */
public interface WsConnection {
    ConnLog log();

    /** False once the connection is closing or gone; a held resumable session is still open. */
    boolean isOpen();

    /** Queues one text message from any thread, never blocking; false when it was not taken. */
    boolean send(String text);

    /**
     * Queues {@code text} as {@link #send(String)} does; a resumable session that writes it to Redis
     * takes {@code cseq} and records it in the same step (docs/cluster.md "Resumable sessions").
     */
    default boolean send(String text, CseqClaim cseq) {
        return send(text);
    }

    /**
     * Queues {@code frame} as {@link #send(String, CseqClaim)} queues its text; a socket that writes
     * it at once may take its bytes instead ({@link TextFrame#utf8}). Build it on the caller's
     * thread, before returning: a frame may read buffers that are only valid until then.
     */
    default boolean send(TextFrame frame, CseqClaim cseq) {
        return send(frame.text(), cseq);
    }

    /**
     * The cseq of the client frame being handled, for the write that is its effect ({@link CseqClaim});
     * only valid on the connection's event loop while onText runs.
     */
    default CseqClaim cseq() {
        return CseqClaim.NONE;
    }

    /** Closes with {@code code} and {@code reason} once; the dialect's onClose follows. */
    void close(int code, String reason);

    /** Runs {@code task} every {@code period} on the connection's event loop while it is connected. */
    void every(Duration period, Runnable task);

    /** Runs {@code task} once after {@code delay} on the connection's event loop, unless closed first. */
    void after(Duration delay, Runnable task);

    /** Starts the read timeout (for dialects that arm it late). */
    void armReadTimeout();

    /** Runs {@code task} on the connection's event loop, where the handler's callbacks run. */
    void execute(Runnable task);

    /**
     * What a dialect that can be restored on another node tells a resumable session about its
     * client (docs/cluster.md "Resumable sessions"): its {@code address} (the room client id, or a
     * call or domain socket's connection id; the same for the connection's life) and the
     * {@code state} to restore it from. Call it
     * before the first send and after every change; a plain socket ignores it.
     */
    default void remember(String address, String state) {
    }
}
