package dev.signals.server.call;

import dev.signals.core.call.CallCloseReasons;
import dev.signals.core.call.CallCodec;
import dev.signals.core.call.CallMessage;
import dev.signals.core.call.CallRegistry;
import dev.signals.core.json.JsonShapeException;
import dev.signals.server.auth.Grants;
import dev.signals.server.auth.Principal;
import dev.signals.server.metrics.Metrics;
import dev.signals.server.ws.WsHandler;
import dev.signals.server.ws.WsConnection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code /ws} client (docs/call.md): waits for the JOIN handshake, has the seat checked and
 * the socket subscribed (WELCOME), then ignores what the client sends, renews the seat on every
 * pong, and receives the call's events. Callbacks run on the connection's event loop; the join's
 * answer, {@link #deliver} and {@link #replaced} may come on any thread.
 */
final class CallSocket implements WsHandler, CallRegistry.Subscriber {
    private static final String DIALECT = CallDialect.NAME;

    /** Where the handshake stands. */
    private enum State { AWAITING_JOIN, CHECKING_SEAT, JOINED, CLOSED }

    private final WsConnection session;
    private final String connId;
    private final Principal principal;
    private final CallCodec codec;
    private final CallService calls;
    private final Metrics metrics;
    private final Duration joinTimeout;
    private final AtomicReference<State> state = new AtomicReference<>(State.AWAITING_JOIN);
    /** Written on the event loop before the seat check; read after the state says JOINED. */
    private volatile CallMessage.Join joined;
    /** Restored on this node from a resumable session served elsewhere (docs/cluster.md "Resumable sessions"). */
    private final boolean restored;

    /** @param connId unique across nodes and time: names this socket in the shared directory (docs/cluster.md) */
    CallSocket(WsConnection session, String connId, Principal principal, CallCodec codec, CallService calls,
               Metrics metrics, Duration joinTimeout) {
        this(session, connId, principal, codec, calls, metrics, joinTimeout, null, false);
    }

    /**
     * The socket of a resumable session that resumed on this node, from what it remembered
     * ({@link #remembered}): the same {@code connId}, JOINed as {@code joined} (null: not yet).
     */
    static CallSocket restored(WsConnection session, String connId, String state, Principal principal, CallCodec codec,
                               CallService calls, Metrics metrics, Duration joinTimeout) {
        int space = state.indexOf(' ');
        CallMessage.Join join = space <= 0 ? null
                : new CallMessage.Join(state.substring(space + 1), state.substring(0, space));
        return new CallSocket(session, connId, principal, codec, calls, metrics, joinTimeout, join, true);
    }

    private CallSocket(WsConnection session, String connId, Principal principal, CallCodec codec, CallService calls,
                       Metrics metrics, Duration joinTimeout, CallMessage.Join joined, boolean restored) {
        this.joined = joined;
        this.restored = restored;
        this.session = session;
        this.connId = connId;
        this.principal = principal;
        this.codec = codec;
        this.calls = calls;
        this.metrics = metrics;
        this.joinTimeout = joinTimeout;
    }

    String connId() {
        return connId;
    }

    @Override
    public void deliver(CallMessage.Kind kind, String frame) {
        if (session.send(frame)) {
            metrics.message(DIALECT, "out", kind.name());
        }
    }

    /** A newer socket JOINed this session, here or on another node; it no longer receives events. */
    void replaced() {
        close(CallCloseReasons.REPLACED, "replaced");
    }

    /** The read timeout starts only after WELCOME (docs/security.md "On a WebSocket", call deviation). */
    @Override
    public boolean readTimeoutFromOpen() {
        return false;
    }

    /** What a resumable session keeps to restore this socket elsewhere: {@code "<session> <call>"} once JOINed. */
    private static String remembered(CallMessage.Join join) {
        return join.session() + " " + join.call();
    }

    @Override
    public void onOpen() {
        if (restored && joined != null) {
            session.log().debug("call session resumed here");
            state.set(State.CHECKING_SEAT);
            CallMessage.Join join = joined;
            calls.rejoin(this, join, outcome -> joinSettled(join, outcome));
            return;
        }
        // A resumable session is shared under this socket's id (docs/cluster.md "Resumable sessions").
        session.remember(connId, "");
        if (!joinTimeout.isZero()) {
            session.after(joinTimeout, () -> {
                if (state.get() == State.AWAITING_JOIN && session.isOpen()) {
                    close(CallCloseReasons.HANDSHAKE_READ_FAILURE, "join_timeout");
                }
            });
        }
    }

    @Override
    public void onText(String text) {
        if (state.get() != State.AWAITING_JOIN) {
            return; // frames after the handshake are ignored (docs/call.md)
        }
        CallMessage.Join join;
        try {
            join = codec.decodeJoin(text);
        } catch (JsonShapeException e) {
            session.log().debug("bad handshake: {}", e.getMessage());
            close(CallCloseReasons.BAD_HANDSHAKE, "bad_handshake");
            return;
        }
        metrics.message(DIALECT, "in", CallMessage.Kind.JOIN.name());
        if (!principal.allows(Grants.CALL, join.call())) {
            close(CallCloseReasons.BAD_SEAT, "forbidden"); // SECURITY.md "Per dialect, without and with authentication"
            return;
        }
        joined = join;
        state.set(State.CHECKING_SEAT);
        session.remember(connId, remembered(join));
        calls.join(this, join, outcome -> joinSettled(join, outcome));
    }

    /** The seat check's outcome, on any thread; when JOINED the socket is already subscribed. */
    private void joinSettled(CallMessage.Join join, CallService.JoinOutcome outcome) {
        if (outcome == CallService.JoinOutcome.JOINED) {
            if (state.compareAndSet(State.CHECKING_SEAT, State.JOINED)) {
                session.execute(session::armReadTimeout);
            } else {
                calls.leave(this, join); // closed while the check ran: undo the subscription
            }
            return;
        }
        if (state.compareAndSet(State.CHECKING_SEAT, State.CLOSED)) { // the socket is closing
            if (outcome == CallService.JoinOutcome.NOT_SEATED && restored) {
                close(CallCloseReasons.REPLACED, "replaced"); // another socket took the session while it was held
            } else if (outcome == CallService.JoinOutcome.NOT_SEATED) {
                close(CallCloseReasons.BAD_SEAT, "bad_seat");
            } else {
                session.log().warn("seat check failed: backend unavailable");
                close(CallCloseReasons.BACKEND_FAILURE, "backend_failure");
            }
        }
    }

    /**
     * Takes no cseq, so a shared session stores its JOIN's cseq once onText returns: after the JOIN's
     * state and {@code call-attach} on the node's one Redis connection, never ahead of them
     * (docs/cluster.md "Resumable sessions"). A JOIN sent again after a node died before its cseq is
     * processed if the restored socket is not JOINed, and ignored if it is.
     */
    @Override
    public boolean handsOnCseq() {
        return true;
    }

    @Override
    public void onBinary() {
        if (state.get() == State.AWAITING_JOIN) {
            close(CallCloseReasons.BAD_HANDSHAKE, "bad_handshake");
        }
    }

    @Override
    public void onPong() {
        CallMessage.Join seat = joined;
        if (state.get() != State.JOINED || seat == null) {
            return;
        }
        calls.renew(seat.call(), seat.session()).subscribe(
                renewed -> {
                    if (!renewed) {
                        renewalFailed();
                    }
                },
                error -> renewalFailed());
    }

    @Override
    public void onClose() {
        if (state.getAndSet(State.CLOSED) == State.JOINED) {
            calls.leave(this, joined);
        }
    }

    private void renewalFailed() {
        if (state.get() == State.JOINED) {
            close(CallCloseReasons.SEAT_RENEWAL_FAILURE, "seat_renewal_failure");
        }
    }

    private void close(String reason, String metricReason) {
        metrics.error(DIALECT, metricReason);
        session.close(CallCloseReasons.CODE, reason);
    }
}
