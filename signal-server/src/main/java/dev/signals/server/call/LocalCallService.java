package dev.signals.server.call;

import dev.signals.core.call.CallMessage;
import dev.signals.core.call.CallRegistry;
import dev.signals.core.call.SeatTable;
import java.util.Map;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * The calls of a standalone node (docs/call.md): seats in a {@link SeatTable}, presence and
 * fan-out in a {@link CallRegistry} whose events the {@link CallFanOut} turns into frames.
 * Everything answers on the calling thread.
 */
final class LocalCallService implements CallService {
    /** Every this many sweeps, stale seats of all calls are dropped. */
    private static final int SEAT_SWEEP_EVERY = 4;

    private final SeatTable seats;
    private final CallRegistry<CallSocket> registry;
    private final CallFanOut fanOut;
    private int sweeps;

    LocalCallService(SeatTable seats, CallRegistry<CallSocket> registry, CallFanOut fanOut) {
        this.seats = seats;
        this.registry = registry;
        this.fanOut = fanOut;
    }

    @Override
    public Mono<Boolean> seat(String call, String session) {
        return Mono.fromSupplier(() -> {
            boolean granted = seats.tryAcquire(call, session);
            if (granted) {
                registry.seated(call, session, fanOut);
            }
            return granted;
        });
    }

    @Override
    public void join(CallSocket socket, CallMessage.Join join, Consumer<JoinOutcome> done) {
        if (!seats.isSeated(join.call(), join.session())) {
            done.accept(JoinOutcome.NOT_SEATED);
            return;
        }
        // Called on the socket's event loop: WELCOME is written at once, and events other threads
        // publish to the newly subscribed socket queue behind it (CallRegistry.attach).
        registry.attach(join.call(), join.session(), socket, fanOut);
        done.accept(JoinOutcome.JOINED);
    }

    /** Standalone sessions live in this node's memory and are never restored; as a JOIN, without WELCOME. */
    @Override
    public void rejoin(CallSocket socket, CallMessage.Join join, Consumer<JoinOutcome> done) {
        if (!seats.isSeated(join.call(), join.session())) {
            done.accept(JoinOutcome.NOT_SEATED);
            return;
        }
        registry.attach(join.call(), join.session(), socket, new Quiet(fanOut));
        done.accept(JoinOutcome.JOINED);
    }

    @Override
    public void leave(CallSocket socket, CallMessage.Join join) {
        registry.detach(join.call(), join.session(), socket, fanOut);
    }

    @Override
    public Mono<Boolean> renew(String call, String session) {
        return Mono.fromSupplier(() -> seats.tryRenew(call, session));
    }

    @Override
    public Mono<Boolean> signal(CallMessage.Signal signal, long arrivedNanos) {
        return Mono.fromSupplier(() -> {
            if (!seats.isSeated(signal.call(), signal.session())) {
                return false;
            }
            fanOut.signal(signal, arrivedNanos);
            return true;
        });
    }

    /** A socketless live session whose seat lapsed is gone (docs/call.md LEAVE). */
    @Override
    public void sweep() {
        for (CallRegistry.Orphan orphan : registry.orphans()) {
            if (!seats.isSeated(orphan.call(), orphan.session())) {
                registry.expire(orphan.call(), orphan.session(), fanOut);
            }
        }
        if (++sweeps % SEAT_SWEEP_EVERY == 0) {
            seats.sweep();
        }
    }

    @Override
    public int callCount() {
        return seats.callCount();
    }

    @Override
    public Map<String, Number> state() {
        return Map.of("calls", seats.callCount(), "call_seats", seats.seatCount(), "call_sockets", registry.socketCount());
    }
}
