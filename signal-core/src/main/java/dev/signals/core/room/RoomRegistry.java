package dev.signals.core.room;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms of one node and who is in them (PROTOCOLS.md §4). Membership changes of one room are
 * atomic and serialised (they run inside {@link ConcurrentHashMap#compute}, which locks only that
 * room's bin); the {@link MembershipEvents} callback runs inside that critical section, so every
 * member sees the joins and leaves of a room in one order. Relay look-ups take no lock.
 *
 * @param <P> the member handle; identity matters: a member is removed only by itself
 */
public final class RoomRegistry<P extends RoomRegistry.Member> {

    /** A room member: anything with a client id. */
    public interface Member {
        String clientId();
    }

    /** Fan-out of membership changes; called while the room is locked, so it must not block. */
    public interface MembershipEvents<P> {
        /** {@code joiner} entered; {@code existing} are the earlier members, oldest first. */
        void joined(String roomId, P joiner, List<P> existing);

        /** {@code joiner} joined the room it was already in; {@code others} oldest first. */
        void rejoined(String roomId, P joiner, List<P> others);

        /** {@code leaver} left; {@code remaining} oldest first (empty when the room is gone). */
        void left(String roomId, P leaver, List<P> remaining);
    }

    /** How a join ended. */
    public enum JoinOutcome { JOINED, REJOINED, FULL }

    private final ConcurrentHashMap<String, Room<P>> rooms = new ConcurrentHashMap<>();
    private final int maxClients;

    /** @param maxClients members per room, 0 for no limit */
    public RoomRegistry(int maxClients) {
        this.maxClients = maxClients;
    }

    public JoinOutcome join(String roomId, P member, MembershipEvents<P> events) {
        JoinOutcome[] outcome = new JoinOutcome[1];
        rooms.compute(roomId, (id, room) -> {
            Room<P> target = room == null ? new Room<>() : room;
            List<P> others = target.membersExcept(member.clientId());
            if (target.members.containsKey(member.clientId())) {
                outcome[0] = JoinOutcome.REJOINED;
                events.rejoined(id, member, others);
                return target;
            }
            if (maxClients > 0 && target.members.size() >= maxClients) {
                outcome[0] = JoinOutcome.FULL;
                return room;
            }
            target.add(member);
            outcome[0] = JoinOutcome.JOINED;
            events.joined(id, member, others);
            return target;
        });
        return outcome[0];
    }

    /** Removes {@code member} from {@code roomId} if it is still there; deletes the room when empty. */
    public boolean leave(String roomId, P member, MembershipEvents<P> events) {
        boolean[] removed = new boolean[1];
        rooms.computeIfPresent(roomId, (id, room) -> {
            if (room.members.get(member.clientId()) != member) {
                return room;
            }
            room.remove(member.clientId());
            removed[0] = true;
            events.left(id, member, room.membersExcept(null));
            return room.members.isEmpty() ? null : room;
        });
        return removed[0];
    }

    /** The member {@code clientId} of {@code roomId}, or {@code null}; lock-free. */
    public P member(String roomId, String clientId) {
        Room<P> room = rooms.get(roomId);
        return room == null ? null : room.members.get(clientId);
    }

    /** Members of {@code roomId}, oldest first; empty when the room does not exist. */
    public List<P> members(String roomId) {
        Room<P> room = rooms.get(roomId);
        return room == null ? List.of() : room.membersExcept(null);
    }

    public int roomCount() {
        return rooms.size();
    }

    /** Total members over all rooms (a snapshot; rooms may change meanwhile). */
    public int memberCount() {
        int n = 0;
        for (Room<P> room : rooms.values()) {
            n += room.members.size();
        }
        return n;
    }

    /**
     * One room. Its member map is replaced, never mutated, so readers need no lock; writers are
     * serialised by the registry's compute on the room's key.
     */
    private static final class Room<P extends Member> {
        private volatile Map<String, P> members = Map.of();

        void add(P member) {
            Map<String, P> next = new LinkedHashMap<>(members);
            next.put(member.clientId(), member);
            members = Collections.unmodifiableMap(next);
        }

        void remove(String clientId) {
            Map<String, P> next = new LinkedHashMap<>(members);
            next.remove(clientId);
            members = Collections.unmodifiableMap(next);
        }

        List<P> membersExcept(String clientId) {
            List<P> out = new ArrayList<>(members.size());
            for (P p : members.values()) {
                if (!p.clientId().equals(clientId)) {
                    out.add(p);
                }
            }
            return out;
        }
    }
}
