package dev.signals.server.call;

import dev.signals.core.call.CallMessage;
import java.util.Map;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Seats, presence and fan-out as the call routes and sockets use them (docs/call.md): in
 * memory on one node ({@link LocalCallService}) or across nodes ({@link ClusterCallService}).
 * A {@link Mono} that fails means the backend failed (500 / {@code backend failure}).
 */
interface CallService {

    /** How a {@code /ws} JOIN ended. */
    enum JoinOutcome { JOINED, NOT_SEATED, FAILED }

    /** {@code GET /call}: takes a seat for the new {@code session}; a granted one is announced with {@code PEER}. */
    Mono<Boolean> seat(String call, String session);

    /**
     * The {@code /ws} JOIN of {@code socket}: checks the seat and subscribes the socket, queueing
     * its WELCOME ahead of every event published to it afterwards. {@code done} runs exactly
     * once, on any thread, after the subscription.
     */
    void join(CallSocket socket, CallMessage.Join join, Consumer<JoinOutcome> done);

    /**
     * A resumable session's {@code socket} restored on this node, JOINed before on another
     * (docs/cluster.md "Resumable sessions"): subscribed again without a WELCOME, keeping its
     * seat, unless another socket took the session meanwhile (NOT_SEATED). As {@link #join} otherwise.
     */
    void rejoin(CallSocket socket, CallMessage.Join join, Consumer<JoinOutcome> done);

    /** A subscribed {@code socket} closed: unless it was replaced, its session is gone ({@code LEAVE}). */
    void leave(CallSocket socket, CallMessage.Join join);

    /** A pong: renews the seat; false when it was lost. */
    Mono<Boolean> renew(String call, String session);

    /** {@code POST /signal}: fans {@code signal} out if its session is seated; false when not. */
    Mono<Boolean> signal(CallMessage.Signal signal, long arrivedNanos);

    /** Periodic: ends socketless sessions whose seat lapsed, frees what abandoned calls hold. */
    void sweep();

    /** Calls counted by {@code signal_calls}. */
    int callCount();

    /** Counts for {@code /debug/state}. */
    Map<String, Number> state();
}
