package dev.signals.server.room;

import dev.signals.core.room.RoomCodec;
import dev.signals.core.room.RoomErrors;
import dev.signals.core.room.RoomProtocolException;
import dev.signals.core.room.RoomRegistry;
import dev.signals.core.room.RoomRequest;
import dev.signals.server.auth.Grants;
import dev.signals.server.auth.Principal;
import dev.signals.server.metrics.Metrics;
import dev.signals.server.ws.WsHandler;
import dev.signals.server.ws.WsSession;
import java.time.Duration;

/**
 * One {@code /connect} client (PROTOCOLS.md §4): announces its id, joins at most one room at a
 * time, relays offers, answers and candidates to members of its room, and leaves on close.
 * Callbacks run on the connection's event loop; {@link #deliver} may be called from any thread.
 */
final class RoomSocket implements WsHandler, RoomRegistry.Member {
    private static final String DIALECT = RoomDialect.NAME;

    private final WsSession session;
    private final String clientId;
    private final Principal principal;
    private final RoomCodec codec;
    private final RoomRegistry<RoomSocket> registry;
    private final RoomEvents events;
    private final Metrics metrics;
    private final Duration keepAliveInterval;
    /** The room this client is in, or null; written only on this connection's event loop. */
    private volatile String roomId;

    RoomSocket(WsSession session, String clientId, Principal principal, RoomCodec codec, RoomRegistry<RoomSocket> registry,
               RoomEvents events, Metrics metrics, Duration keepAliveInterval) {
        this.session = session;
        this.clientId = clientId;
        this.principal = principal;
        this.codec = codec;
        this.registry = registry;
        this.events = events;
        this.metrics = metrics;
        this.keepAliveInterval = keepAliveInterval;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    /** Queues a server frame for this client; never blocks. */
    void deliver(String type, String frame) {
        if (session.send(frame)) {
            metrics.message(DIALECT, "out", type);
        }
    }

    @Override
    public void onOpen() {
        session.log().debug("client {} connected", clientId);
        deliver("notify-client-id", codec.notifyClientId(clientId));
        session.every(keepAliveInterval, () -> deliver("ping", codec.keepAlive()));
    }

    @Override
    public void onText(String text) {
        long arrived = System.nanoTime();
        RoomRequest request;
        try {
            request = codec.decode(text);
        } catch (RoomProtocolException e) {
            fail(e.reason(), "invalid");
            return;
        }
        if (request instanceof RoomRequest.Join) {
            join(((RoomRequest.Join) request).roomId());
        } else if (request instanceof RoomRequest.Sdp) {
            RoomRequest.Sdp sdp = (RoomRequest.Sdp) request;
            metrics.message(DIALECT, "in", sdp.kind().wireType());
            relay(sdp.targetId(), sdp.kind().wireType(), sdp.kind().transferError(),
                    () -> codec.relayedSdp(sdp, clientId), arrived);
        } else if (request instanceof RoomRequest.IceCandidate) {
            RoomRequest.IceCandidate ice = (RoomRequest.IceCandidate) request;
            metrics.message(DIALECT, "in", "ice-candidate");
            relay(ice.targetId(), "ice-candidate", RoomErrors.TRANSFER_ICE,
                    () -> codec.relayedCandidate(ice, clientId), arrived);
        } else if (request instanceof RoomRequest.Leave) {
            metrics.message(DIALECT, "in", "leave");
            leaveCurrentRoom();
        } else {
            metrics.message(DIALECT, "in", "ping");
        }
    }

    @Override
    public void onBinary() {
        fail(RoomErrors.INVALID_PAYLOAD, "binary");
    }

    @Override
    public void onClose() {
        leaveCurrentRoom();
        session.log().debug("client {} disconnected", clientId);
    }

    @Override
    public String rateLimitedFrame() {
        return codec.error(RoomErrors.RATE_LIMITED);
    }

    private void join(String target) {
        metrics.message(DIALECT, "in", "join");
        if (!principal.allows(Grants.ROOM, target)) {
            fail(RoomErrors.FORBIDDEN, "forbidden");
            return;
        }
        String previous = roomId;
        RoomRegistry.JoinOutcome outcome = registry.join(target, this, events);
        if (outcome == RoomRegistry.JoinOutcome.FULL) {
            fail(RoomErrors.ROOM_FULL, "room_full");
            return;
        }
        roomId = target;
        if (previous != null && !previous.equals(target)) {
            registry.leave(previous, this, events);
        }
    }

    private void leaveCurrentRoom() {
        String current = roomId;
        if (current != null) {
            roomId = null;
            registry.leave(current, this, events);
        }
    }

    private void relay(String targetId, String type, String failure, java.util.function.Supplier<String> frame, long arrived) {
        String current = roomId;
        RoomSocket target = current == null ? null : registry.member(current, targetId);
        if (target == null || !target.session.isOpen()) {
            fail(failure, "unknown_target");
            return;
        }
        target.deliver(type, frame.get());
        metrics.relay(DIALECT, System.nanoTime() - arrived);
    }

    private void fail(String reason, String metricReason) {
        metrics.error(DIALECT, metricReason);
        deliver("error", codec.error(reason));
    }
}
