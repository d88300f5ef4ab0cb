package dev.signals.core.room;

import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Who is in which room across every node (docs/cluster.md): the shared, atomic side of room
 * membership, seen from one node. A change is announced, as a {@link RoomBusMessage}, to every
 * other node holding members of the room, in the one order the directory settled it; the answer
 * to a join reaches this node in that same order. One room per client and the room size cap hold
 * across nodes because every change goes through here.
 */
public interface RoomDirectory {

    /** A member and the node serving it. */
    record Entry(String clientId, String nodeId) {
    }

    /** The answer to a join: refused because the room is full, or its members oldest first. */
    record JoinResult(boolean full, List<Entry> members) {
        public static JoinResult refusedFull() {
            return new JoinResult(true, List.of());
        }
    }

    /**
     * Puts {@code clientId}, a client of this node, into {@code roomId}, taking it out of the room
     * it was in; answers the members afterwards (the joiner last) or that the room is full.
     */
    Mono<JoinResult> join(String roomId, String clientId);

    /** Takes {@code clientId}, a client of this node, out of {@code roomId}, if it is there. */
    Mono<Void> leave(String roomId, String clientId);

    /**
     * Re-registers this node's share of the directory after the link was away: every client of
     * {@code live} (client id → room id, in join order) is put in its room if missing (the cap is
     * not applied: they were admitted before), every entry of {@code departed} (clients that left
     * while the directory could not be told) is taken out, and members of those rooms whose node
     * is gone are dropped. Entries this node holds but names in neither map are left alone (a
     * join may be settling). Answers the members of each live room, oldest first.
     */
    Mono<Map<String, List<Entry>>> sync(Map<String, String> live, Map<String, String> departed);

    /**
     * {@code clientId}, a member of {@code roomId} whose resumable session resumed on this node,
     * is served here from now on: same place in the room, nobody told but the nodes that route to
     * it (docs/cluster.md "Resumable sessions"). Answers the members, oldest first, or an empty
     * list when it is no longer in {@code roomId}.
     */
    Mono<List<Entry>> adopt(String roomId, String clientId);

    /**
     * The ordinary leave of {@code clientId}, a session member nobody serves whose window lapsed,
     * whichever node the directory has it on; announced to the room's nodes once.
     */
    Mono<Void> leaveOrphan(String roomId, String clientId);
}
