package dev.signals.server.room;

import dev.signals.core.room.RoomRegistry;
import dev.signals.server.metrics.Metrics;
import dev.signals.server.ws.CseqClaim;
import dev.signals.server.ws.TextFrame;
import java.util.function.Consumer;

/**
 * Rooms held in this node's memory (docs/room.md): a standalone node's rooms, and the local
 * half of a clustered node's, where its registry also holds {@link RemoteMember}s.
 */
final class LocalRoomService implements RoomService {
    private final RoomRegistry<RoomMember> registry;
    private final RoomEvents events;
    private final Metrics metrics;

    LocalRoomService(RoomRegistry<RoomMember> registry, RoomEvents events, Metrics metrics) {
        this.registry = registry;
        this.events = events;
        this.metrics = metrics;
    }

    @Override
    public void join(RoomSocket socket, String current, String target, Consumer<JoinOutcome> done) {
        RoomRegistry.JoinOutcome outcome = registry.move(current, target, socket, events);
        if (outcome == RoomRegistry.JoinOutcome.FULL) {
            done.accept(JoinOutcome.FULL);
            return;
        }
        done.accept(outcome == RoomRegistry.JoinOutcome.REJOINED ? JoinOutcome.REJOINED : JoinOutcome.JOINED);
    }

    @Override
    public void leave(RoomSocket socket, String roomId) {
        registry.leave(roomId, socket, events);
    }

    @Override
    public void relay(String roomId, String targetId, String type, TextFrame frame, CseqClaim cseq,
                      long arrivedNanos, Runnable failed) {
        RoomMember target = registry.member(roomId, targetId);
        if (target instanceof RoomSocket && ((RoomSocket) target).isOpen()) {
            // A target whose session is in Redis logs it there with the sender's cseq.
            ((RoomSocket) target).deliver(type, frame, cseq);
            relayed(arrivedNanos);
        } else {
            failed.run();
        }
    }

    /** Records a relay time, from a message's arrival to its hand-over (to a socket, or to another node). */
    void relayed(long arrivedNanos) {
        metrics.relay(RoomDialect.NAME, System.nanoTime() - arrivedNanos);
    }

    @Override
    public int roomCount() {
        return registry.roomCount();
    }

    @Override
    public int memberCount() {
        return registry.memberCount(m -> m instanceof RoomSocket);
    }
}
