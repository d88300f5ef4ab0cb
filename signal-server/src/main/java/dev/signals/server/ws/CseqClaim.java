package dev.signals.server.ws;

/**
 * The cseq of the client frame a dialect is handling, for the one Redis write that is that frame's
 * effect (docs/cluster.md "Resumable sessions"): the write takes it and its script records it with
 * the effect, so a node that dies cannot have stored one without the other. Taken at most once, on
 * the connection's event loop while its onText runs ({@link WsHandler#handsOnCseq}); a frame whose
 * effects are not one write stores it alone first; if nobody takes it, the session stores it
 * alone once onText returns.
 */
@FunctionalInterface
public interface CseqClaim {
    /** Nothing to record: a plain socket, a frame without cseq, or a session in this node's memory. */
    CseqClaim NONE = () -> null;

    /** The sender's session and cseq to record with this write, or null (nothing to record, or taken already). */
    SharedSessions.Cseq take();

    /** The frame's effects are not one write: stores the cseq alone now, ahead of them, unless taken already. */
    default void storeAlone() {
    }
}
