package dev.signals.server.call;

import dev.signals.core.call.CallCloseReasons;
import dev.signals.core.call.CallCodec;
import dev.signals.core.call.CallMessage;
import dev.signals.core.call.CallRegistry;
import dev.signals.core.call.Seats;
import dev.signals.core.json.JsonShapeException;
import dev.signals.server.auth.Grants;
import dev.signals.server.auth.Principal;
import dev.signals.server.metrics.Metrics;
import dev.signals.server.ws.WsHandler;
import dev.signals.server.ws.WsSession;
import java.time.Duration;

/**
 * One {@code /ws} client (PROTOCOLS.md §5): waits for the JOIN handshake, checks the seat,
 * answers WELCOME and subscribes to the call; afterwards it ignores what the client sends, renews
 * the seat on every pong, and receives the call's events. Callbacks run on the connection's event
 * loop; {@link #deliver} and {@link #replaced} may be called from any thread.
 */
final class CallSocket implements WsHandler, CallRegistry.Subscriber {
    private static final String DIALECT = CallDialect.NAME;

    /** Where the handshake stands; written only on this connection's event loop. */
    private enum State { AWAITING_JOIN, CHECKING_SEAT, JOINED, CLOSED }

    private final WsSession session;
    private final Principal principal;
    private final CallCodec codec;
    private final Seats seats;
    private final CallRegistry<CallSocket> registry;
    private final CallFanOut fanOut;
    private final Metrics metrics;
    private final Duration joinTimeout;
    private volatile State state = State.AWAITING_JOIN;
    private CallMessage.Join joined;

    CallSocket(WsSession session, Principal principal, CallCodec codec, Seats seats, CallRegistry<CallSocket> registry,
               CallFanOut fanOut, Metrics metrics, Duration joinTimeout) {
        this.session = session;
        this.principal = principal;
        this.codec = codec;
        this.seats = seats;
        this.registry = registry;
        this.fanOut = fanOut;
        this.metrics = metrics;
        this.joinTimeout = joinTimeout;
    }

    @Override
    public void deliver(CallMessage.Kind kind, String frame) {
        if (session.send(frame)) {
            metrics.message(DIALECT, "out", kind.name());
        }
    }

    /** A newer socket JOINed this session; it no longer receives events. */
    void replaced() {
        close(CallCloseReasons.REPLACED, "replaced");
    }

    /** The read timeout starts only after WELCOME (PROTOCOLS.md §1.5, call deviation). */
    @Override
    public boolean readTimeoutFromOpen() {
        return false;
    }

    @Override
    public void onOpen() {
        if (!joinTimeout.isZero()) {
            session.after(joinTimeout, () -> {
                if (state == State.AWAITING_JOIN && session.isOpen()) {
                    close(CallCloseReasons.HANDSHAKE_READ_FAILURE, "join_timeout");
                }
            });
        }
    }

    @Override
    public void onText(String text) {
        if (state != State.AWAITING_JOIN) {
            return; // frames after the handshake are ignored (PROTOCOLS.md §5)
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
            close(CallCloseReasons.BAD_SEAT, "forbidden"); // PROTOCOLS.md §1.7
            return;
        }
        state = State.CHECKING_SEAT;
        seats.check(join.call(), join.session()).subscribe(
                seated -> session.execute(() -> seatChecked(join, seated)),
                error -> session.execute(() -> backendFailed(error)));
    }

    @Override
    public void onBinary() {
        if (state == State.AWAITING_JOIN) {
            close(CallCloseReasons.BAD_HANDSHAKE, "bad_handshake");
        }
    }

    @Override
    public void onPong() {
        CallMessage.Join seat = joined;
        if (state != State.JOINED || seat == null) {
            return;
        }
        seats.renew(seat.call(), seat.session()).subscribe(
                renewed -> {
                    if (!renewed) {
                        session.execute(this::renewalFailed);
                    }
                },
                error -> session.execute(this::renewalFailed));
    }

    @Override
    public void onClose() {
        State was = state;
        state = State.CLOSED;
        if (was == State.JOINED) {
            registry.detach(joined.call(), joined.session(), this, fanOut);
        }
    }

    private void seatChecked(CallMessage.Join join, boolean seated) {
        if (state != State.CHECKING_SEAT) {
            return; // closed while the check ran
        }
        if (!seated) {
            close(CallCloseReasons.BAD_SEAT, "bad_seat");
            return;
        }
        joined = join;
        state = State.JOINED;
        // On this connection's event loop: WELCOME is written at once, and events other threads
        // publish to the newly subscribed socket are queued behind it (CallRegistry.attach).
        registry.attach(join.call(), join.session(), this, fanOut);
        session.armReadTimeout();
    }

    private void backendFailed(Throwable error) {
        if (state == State.CHECKING_SEAT) {
            session.log().warn("seat check failed: {}", error.toString());
            close(CallCloseReasons.BACKEND_FAILURE, "backend_failure");
        }
    }

    private void renewalFailed() {
        if (state == State.JOINED) {
            close(CallCloseReasons.SEAT_RENEWAL_FAILURE, "seat_renewal_failure");
        }
    }

    private void close(String reason, String metricReason) {
        metrics.error(DIALECT, metricReason);
        session.close(CallCloseReasons.CODE, reason);
    }
}
