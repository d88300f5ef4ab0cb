package dev.signals.server.room;

import dev.signals.server.ws.CseqClaim;
import dev.signals.server.ws.TextFrame;
import java.util.function.Consumer;

/**
 * Room membership and relay as a {@link RoomSocket} uses them (docs/room.md): in memory on one
 * node ({@link LocalRoomService}), or across nodes over the backplane ({@link ClusterRoomService}).
 */
interface RoomService {

    /** How a join ended. */
    enum JoinOutcome { JOINED, REJOINED, FULL, FAILED }

    /**
     * Moves {@code socket} from {@code current} (or no room) into {@code target}: the joiner gets
     * {@code joined} before anyone sees {@code new-client}, and the old room's members get
     * {@code leave-client}. {@code done} runs exactly once, on any thread; on {@code FULL} or
     * {@code FAILED} the socket is still in {@code current}.
     */
    void join(RoomSocket socket, String current, String target, Consumer<JoinOutcome> done);

    /**
     * {@code socket}, restored from a resumable session that was served by another node, takes its
     * place in {@code roomId} without anyone being told (docs/cluster.md "Resumable sessions");
     * {@code done} gets JOINED, or FAILED when it is no longer there. Only clustered nodes restore.
     */
    default void adopt(RoomSocket socket, String roomId, Consumer<JoinOutcome> done) {
        done.accept(JoinOutcome.FAILED);
    }

    /** Takes {@code socket} out of {@code roomId}; its members get {@code leave-client} at once. */
    void leave(RoomSocket socket, String roomId);

    /**
     * Hands the frame {@code frame} makes to {@code targetId}, a member of {@code roomId}, building
     * it before returning (it may read the sender's frame, valid only until then); runs
     * {@code failed} (on any thread) when it cannot be delivered. The Redis write that
     * carries it, if any, takes the sender's {@code cseq} (docs/cluster.md "Resumable sessions").
     */
    void relay(String roomId, String targetId, String type, TextFrame frame, CseqClaim cseq, long arrivedNanos,
               Runnable failed);

    /** Rooms with a member on this node. */
    int roomCount();

    /** Members served by this node, over all rooms. */
    int memberCount();
}
