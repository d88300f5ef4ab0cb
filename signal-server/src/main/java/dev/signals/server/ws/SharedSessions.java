package dev.signals.server.ws;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Resumable sessions kept where every node sees them (docs/cluster.md "Resumable sessions"): the
 * numbered log, the last processed cseq and the dialect's state of each session, so that any node
 * can resume it, and the hold of a session whose node is gone. Seqs are issued here, in one place.
 * A session is known by its address, the dialect's id of its client (the room client id, a call
 * or domain socket's connection id).
 */
public interface SharedSessions {

    /** What the session's home node hears about it, on the backplane thread, in order. */
    interface Events {
        /** Frame {@code seq} was logged for {@code address}. */
        void frame(String address, long seq, String wire);

        /** {@code address} resumed on another node: let go of it without its leave. */
        void movedAway(String address);

        /** {@code address}'s log overflowed: end it (docs/resume.md#bounded). */
        void overflowed(String address);
    }

    /** Runs the ordinary leave of a session nobody serves when its window lapses; completes when done. */
    interface OrphanLeave {
        Mono<Void> leave(String address, String state);
    }

    /** The answer to {@link #attach}: refused with a metric result, or the session's numbers and frames after last_seq. */
    record Attached(String refusal, long issued, long cseq, String state, String previousHome, List<String> frames) {
        public static Attached refused(String refusal) {
            return new Attached(refusal, 0, 0, null, null, List.of());
        }
    }

    /**
     * A client frame's cseq, recorded by the script that carries the frame's effect
     * ({@link CseqClaim}); {@code address} is the sender's session.
     */
    record Cseq(String address, long cseq) {
    }

    /** The answer to {@link #expire}. */
    enum Expiry { GONE, LIVE, WAIT, BUSY, EXPIRED }

    /** The answer to {@link #expire}, with the dialect's state when EXPIRED and the time left when WAIT. */
    record Expired(Expiry outcome, long waitMs, String dialect, String state) {
    }

    String nodeId();

    void listen(Events events);

    /** Registers the dialect that ends {@code dialect}'s orphaned sessions. */
    void onOrphanExpired(String dialect, OrphanLeave leave);

    Mono<Void> open(String address, String secret, SessionKey key, String conn, String state);

    /** Numbers and logs {@code frame}: its seq, 0 when there is no such session, -1 when the log is full. */
    default Mono<Long> append(String address, String frame) {
        return append(address, frame, null);
    }

    /** {@link #append(String, String)}, recording {@code sender}'s cseq (when not null) in the same step. */
    Mono<Long> append(String address, String frame, Cseq sender);

    /**
     * Sends {@code payload} to {@code dialect} on {@code node}; if {@code address} has a session,
     * {@code frame} is kept for it in the same step until that node numbers it with
     * {@link #append}, or numbered at once when nobody listens there, so neither a node's death
     * nor a session's move loses it or reorders a sender's frames. Fails when it reached neither.
     */
    default Mono<Void> sendOrLog(String node, String dialect, String payload, String address, String frame) {
        return sendOrLog(node, dialect, payload, address, frame, null);
    }

    /** {@link #sendOrLog(String, String, String, String, String)}, recording {@code sender}'s cseq (when not null) in the same step. */
    Mono<Void> sendOrLog(String node, String dialect, String payload, String address, String frame, Cseq sender);

    Mono<Void> ack(String address, long upTo);

    Mono<Void> noteCseq(String address, long cseq);

    Mono<Void> noteState(String address, String state);

    Mono<Attached> attach(String address, String secret, SessionKey key, long lastSeq, String conn);

    /** Holds the session if this node is its home and {@code conn} its socket ('' = any); answers when the hold ends (ms) or 0. */
    Mono<Long> hold(String address, String conn);

    /** Claims the end of this node's held session whose window lapsed. */
    Mono<Expired> expire(String address);

    /** Forgets a session this node ended. */
    Mono<Void> end(String address);
}
