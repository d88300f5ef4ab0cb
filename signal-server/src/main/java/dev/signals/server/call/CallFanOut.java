package dev.signals.server.call;

import dev.signals.core.call.CallCodec;
import dev.signals.core.call.CallMessage;
import dev.signals.core.call.CallRegistry;
import dev.signals.server.metrics.Metrics;
import java.util.List;

/**
 * Turns presence changes and posted signals into frames for a call's sockets (docs/call.md):
 * each event is encoded once, with {@code session} removed, and never sent to the session that
 * caused it. {@code LEAVE}, and the {@code PEER} of a returning session, only with
 * {@code --call-leave-events}.
 */
final class CallFanOut implements CallRegistry.PresenceEvents<CallSocket> {
    private final CallCodec codec;
    private final CallRegistry<CallSocket> registry;
    private final Metrics metrics;
    private final boolean leaveEvents;

    CallFanOut(CallCodec codec, CallRegistry<CallSocket> registry, Metrics metrics, boolean leaveEvents) {
        this.codec = codec;
        this.registry = registry;
        this.metrics = metrics;
        this.leaveEvents = leaveEvents;
    }

    /** Fans a posted OFFER or ANSWER out to the call's other sockets. */
    void signal(CallMessage.Signal signal, long arrivedNanos) {
        int delivered = registry.publish(signal.call(), signal.session(), signal.kind(), codec.forSubscribers(signal));
        if (delivered > 0) {
            relayed(arrivedNanos);
        }
    }

    /** Records a signal's relay time, from its arrival to its hand-over (to sockets, or to the backplane). */
    void relayed(long arrivedNanos) {
        metrics.relay(CallDialect.NAME, System.nanoTime() - arrivedNanos);
    }

    @Override
    public void welcomed(String call, CallSocket socket) {
        socket.deliver(CallMessage.Kind.WELCOME, codec.encode(new CallMessage.Welcome(call)));
    }

    @Override
    public void arrived(String call, String session, boolean returning, List<CallSocket> audience) {
        // A returning session's PEER belongs to the LEAVE extension: without it the seed was silent.
        if (!returning || leaveEvents) {
            deliver(audience, codec.forSubscribers(new CallMessage.Peer(call, session)), CallMessage.Kind.PEER);
        }
    }

    @Override
    public void left(String call, String session, List<CallSocket> audience) {
        if (leaveEvents) {
            deliver(audience, codec.forSubscribers(new CallMessage.Leave(call, session)), CallMessage.Kind.LEAVE);
        }
    }

    @Override
    public void replaced(CallSocket previous) {
        previous.replaced();
    }

    private static void deliver(List<CallSocket> audience, String frame, CallMessage.Kind kind) {
        for (CallSocket socket : audience) {
            socket.deliver(kind, frame);
        }
    }
}
