package dev.signals.core.call;

import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Seats, presence and fan-out of calls across every node (docs/call.md, docs/cluster.md), seen from one
 * node; this node's sockets stay in a {@link CallRegistry}. Seats keep {@link SeatTable}'s semantics.
 * A session is live from its seat grant (or a WELCOME after it was gone) until its socket closes
 * other than by replacement, its seat lapses while it has no socket, or its node dies; each
 * change that makes peers hear of it ({@code PEER}, {@code LEAVE}, a posted signal) is published,
 * as a {@link CallBusMessage}, to every node holding a socket of the call, in the one order the
 * directory settled it. Errors mean the backend failed (500 / {@code backend failure}).
 */
public interface CallDirectory {

    /** What the directory needs of the node's configuration. */
    record Settings(int seatCount, Duration seatTimeout, boolean leaveEvents) {
    }

    /** A socket of this node: connection {@code connId} presenting {@code session} in {@code call}. */
    record Socket(String call, String session, String connId) {
    }

    /**
     * {@code GET /call}: grants {@code session} a seat if one is free ({@link SeatTable#tryAcquire}); a
     * granted session is live without a socket and its {@code PEER} is published, atomically.
     */
    Mono<Boolean> seat(String call, String session);

    /**
     * The {@code /ws} JOIN: checks the seat and, if held, makes {@code connId} the session's
     * socket; a socket it replaces on another node is closed there ({@link CallBusMessage.Replaced}),
     * and a session that was gone is published as {@code PEER} again. False when not seated.
     */
    Mono<Boolean> attach(String call, String session, String connId);

    /**
     * A resumable session's socket restored on this node (docs/cluster.md "Resumable sessions"):
     * like {@link #attach}, but only while {@code connId}, on whichever node, is still the
     * session's socket (held, not replaced), and its seat is kept whether or not it lapsed.
     * False when another socket took the session meanwhile.
     */
    Mono<Boolean> reattach(String call, String session, String connId);

    /**
     * The window of socket {@code connId}'s session lapsed with nobody serving it: if it is still
     * the session's socket, on whichever node, the session is gone ({@code LEAVE}), once.
     */
    Mono<Void> leaveOrphan(String call, String session, String connId);

    /** The socket closed: unless it was replaced, the session is gone and its {@code LEAVE} published. */
    Mono<Void> detach(String call, String session, String connId);

    /** A pong: refreshes the seat's stamp; false when the seat was lost. */
    Mono<Boolean> renew(String call, String session);

    /**
     * {@code POST /signal}: publishes {@code signal} if its session is seated; false when not.
     * {@code frame} is what the call's other sockets receive: a socket's resumable session keeps
     * it in Redis until its node has it (docs/cluster.md "Resumable sessions").
     */
    Mono<Boolean> signal(CallMessage.Signal signal, String frame);

    /** Ends socketless sessions whose seat lapsed (their {@code LEAVE}); any node may run it. */
    Mono<Void> sweep();

    /**
     * Re-registers this node's sockets after the link was away (their seats restored if lost),
     * ends sessions this node held that are no longer live here, and answers the sockets another
     * node took over meanwhile (they were replaced).
     */
    Mono<List<Socket>> sync(List<Socket> live);
}
