package dev.signals.server.call;

import dev.signals.core.backplane.Backplane;
import dev.signals.core.backplane.BackplaneException;
import dev.signals.core.call.CallBusCodec;
import dev.signals.core.call.CallBusMessage;
import dev.signals.core.call.CallCodec;
import dev.signals.core.call.CallDirectory;
import dev.signals.core.call.CallMessage;
import dev.signals.core.call.CallRegistry;
import dev.signals.server.ClusterListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Calls spanning nodes (docs/call.md, docs/cluster.md). Seats and presence live in the {@link CallDirectory};
 * this node keeps only its own sockets, in a {@link CallRegistry}, and delivers the events the
 * directory publishes to it. A socket's registration answer and the events published after it
 * arrive on the backplane thread in the directory's one order, and the socket is subscribed here
 * when its answer arrives, so its WELCOME precedes every event it receives. Seats are only in the
 * directory, so while the backplane is down nothing can be seated, joined or signalled: the
 * dialect answers 500 / {@code backend failure}, and pongs fail their renewal.
 */
final class ClusterCallService extends ClusterListener<CallBusMessage> implements CallService {
    private final CallRegistry<CallSocket> registry;
    private final CallDirectory directory;
    private final CallCodec codec;
    private final CallFanOut fanOut;
    private final CallRegistry.PresenceEvents<CallSocket> socketsOnly;
    private final CallRegistry.PresenceEvents<CallSocket> quiet;
    private final CallBusCodec bus = new CallBusCodec();

    ClusterCallService(CallRegistry<CallSocket> registry, CallDirectory directory, Backplane backplane, CallCodec codec,
                       CallFanOut fanOut) {
        super(backplane, CallDialect.NAME, ClusterCallService.class);
        this.registry = registry;
        this.directory = directory;
        this.codec = codec;
        this.fanOut = fanOut;
        this.socketsOnly = new SocketsOnly(fanOut);
        this.quiet = new Quiet(socketsOnly);
    }

    @Override
    public Mono<Boolean> seat(String call, String session) {
        return whenUp(() -> directory.seat(call, session));
    }

    @Override
    public void join(CallSocket socket, CallMessage.Join join, Consumer<JoinOutcome> done) {
        attach(socket, join, directory.attach(join.call(), join.session(), socket.connId()), socketsOnly, done);
    }

    @Override
    public void rejoin(CallSocket socket, CallMessage.Join join, Consumer<JoinOutcome> done) {
        attach(socket, join, directory.reattach(join.call(), join.session(), socket.connId()), quiet, done);
    }

    private void attach(CallSocket socket, CallMessage.Join join, Mono<Boolean> attached,
                        CallRegistry.PresenceEvents<CallSocket> events, Consumer<JoinOutcome> done) {
        if (!backplane.up()) {
            done.accept(JoinOutcome.FAILED);
            return;
        }
        attached.subscribe(seated -> {
            if (seated) {
                // On the backplane thread, before any event published after the registration.
                registry.attach(join.call(), join.session(), socket, events);
            }
            done.accept(seated ? JoinOutcome.JOINED : JoinOutcome.NOT_SEATED);
        }, error -> {
            warnings.warn("attach", "call join failed: {}", error.toString());
            done.accept(JoinOutcome.FAILED);
        });
    }

    /**
     * The window of a session socket nobody serves lapsed (docs/cluster.md "Resumable sessions"):
     * {@code state} is what {@link CallSocket} remembered, {@code "<session> <call>"} once JOINed.
     */
    Mono<Void> leaveOrphan(String connId, String state) {
        int space = state.indexOf(' ');
        if (space <= 0) {
            return Mono.empty();
        }
        return directory.leaveOrphan(state.substring(space + 1), state.substring(0, space), connId);
    }

    @Override
    public void leave(CallSocket socket, CallMessage.Join join) {
        registry.detach(join.call(), join.session(), socket, socketsOnly);
        // Tried even while the backplane reports down: if it fails, the re-sync that precedes the
        // backplane's return ends the session; if it runs while the link is being re-registered,
        // after that re-sync's snapshot, the session is not left behind.
        directory.detach(join.call(), join.session(), socket.connId()).subscribe(null, error -> {
            if (backplane.up()) {
                warnings.warn("detach", "call leave failed: {}; re-syncing", error.toString());
                resyncSoon();
            }
        });
    }

    @Override
    public Mono<Boolean> renew(String call, String session) {
        return whenUp(() -> directory.renew(call, session));
    }

    @Override
    public Mono<Boolean> signal(CallMessage.Signal signal, long arrivedNanos) {
        // Every signal goes through Redis, which publishes it to the nodes holding the call's
        // sockets; as in the domain dialect, relay time ends when that hand-over is done.
        return whenUp(() -> directory.signal(signal, codec.forSubscribers(signal))).doOnNext(published -> {
            if (published) {
                fanOut.relayed(arrivedNanos);
            }
        });
    }

    @Override
    public void sweep() {
        if (backplane.up()) {
            directory.sweep().subscribe(null, e -> warnings.warn("sweep", "call sweep failed: {}", e.toString()));
        }
    }

    @Override
    protected CallBusMessage decode(String payload) {
        return bus.decode(payload);
    }

    /** An event for this node's sockets, or a replacement, on the backplane thread in directory order. */
    @Override
    protected void apply(CallBusMessage message) {
        if (message instanceof CallBusMessage.Published) {
            CallMessage.Event event = ((CallBusMessage.Published) message).event();
            registry.publish(event.call(), event.session(), event.kind(), codec.forSubscribers(event));
        } else {
            CallBusMessage.Replaced replaced = (CallBusMessage.Replaced) message;
            closeReplaced(replaced.call(), replaced.session(), replaced.connId());
        }
    }

    private void closeReplaced(String call, String session, String connId) {
        CallSocket socket = registry.socket(call, session);
        if (socket != null && socket.connId().equals(connId)) {
            // Out of the registry at once: a resumable session's socket that moved to another node
            // is let go without its onClose (docs/cluster.md "Resumable sessions").
            registry.detach(call, session, socket, socketsOnly);
            socket.replaced(); // a newer socket on another node took the session (docs/call.md)
        }
    }

    /** Re-registers this node's sockets; those another node took over meanwhile are closed as replaced. */
    @Override
    protected Mono<Void> sync() {
        List<CallDirectory.Socket> live = new ArrayList<>();
        for (CallRegistry.Attached<CallSocket> a : registry.sockets()) {
            live.add(new CallDirectory.Socket(a.call(), a.session(), a.socket().connId()));
        }
        return directory.sync(live).doOnNext(replaced -> {
            for (CallDirectory.Socket s : replaced) {
                closeReplaced(s.call(), s.session(), s.connId());
            }
        }).then();
    }

    private <T> Mono<T> whenUp(Supplier<Mono<T>> operation) {
        return Mono.defer(() -> backplane.up() ? operation.get()
                : Mono.error(new BackplaneException("backplane down")));
    }

    /** Calls with a socket on this node. */
    @Override
    public int callCount() {
        return registry.callCount();
    }

    @Override
    public Map<String, Number> state() {
        return Map.of("calls", registry.callCount(), "call_sockets", registry.socketCount());
    }

    /**
     * What this node's registry does itself when clustered: WELCOME and closing a socket replaced
     * on this node. Arrivals and departures are the directory's to publish, to every node.
     */
    private static final class SocketsOnly implements CallRegistry.PresenceEvents<CallSocket> {
        private final CallFanOut fanOut;

        SocketsOnly(CallFanOut fanOut) {
            this.fanOut = fanOut;
        }

        @Override
        public void welcomed(String call, CallSocket socket) {
            fanOut.welcomed(call, socket);
        }

        @Override
        public void arrived(String call, String session, boolean returning, List<CallSocket> audience) {
        }

        @Override
        public void left(String call, String session, List<CallSocket> audience) {
        }

        @Override
        public void replaced(CallSocket previous) {
            fanOut.replaced(previous);
        }
    }
}
