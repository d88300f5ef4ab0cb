package dev.signals.core.room;

import dev.signals.core.fanout.Outbox;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The rooms of one node and who is in them (docs/room.md). Membership changes of one room are
 * atomic and serialised (they run inside {@link ConcurrentHashMap#compute}, which locks that
 * room's bin); each change's {@link MembershipEvents} callback is queued there, in the room's
 * outbox, and run after the update, outside the bin lock, one room's callbacks one at a time in
 * the order the changes were made — so every member sees a room's joins and leaves in one order,
 * and a large room's fan-out never holds up other rooms. Each change's own callbacks have run when
 * the call that made it returns. Relay look-ups take no lock.
 * A room lives while it has an <em>anchor</em>: any member by default; a clustered node's view of
 * a room lives only while one of its own clients is in it (docs/cluster.md).
 *
 * @param <P> the member handle; identity matters: a member is removed only by itself
 */
public final class RoomRegistry<P extends RoomRegistry.Member> {

    /** A room member: anything with a client id. */
    public interface Member {
        String clientId();
    }

    /** Fan-out of membership changes; one room's calls never overlap, and they must not block. */
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
    private final Predicate<? super P> anchors;

    /** @param maxClients members per room, 0 for no limit */
    public RoomRegistry(int maxClients) {
        this(maxClients, member -> true);
    }

    /**
     * @param maxClients members per room, 0 for no limit
     * @param anchors    the members that keep a room alive; a room without one is deleted
     */
    public RoomRegistry(int maxClients, Predicate<? super P> anchors) {
        this.maxClients = maxClients;
        this.anchors = anchors;
    }

    public JoinOutcome join(String roomId, P member, MembershipEvents<P> events) {
        return join(roomId, member, events, true);
    }

    /**
     * Moves {@code member} from {@code current} (or no room) into {@code target}: one room per
     * client (docs/room.md), the rule {@code room-join.lua} keeps across nodes. On {@code FULL} it
     * stays in {@code current}; otherwise it leaves {@code current} once it is in {@code target}.
     */
    public JoinOutcome move(String current, String target, P member, MembershipEvents<P> events) {
        JoinOutcome outcome = join(target, member, events);
        if (outcome != JoinOutcome.FULL && current != null && !current.equals(target)) {
            leave(current, member, events);
        }
        return outcome;
    }

    /** Joins {@code member} only if {@code roomId} exists; {@code null} when it does not. */
    public JoinOutcome joinIfPresent(String roomId, P member, MembershipEvents<P> events) {
        return join(roomId, member, events, false);
    }

    private JoinOutcome join(String roomId, P member, MembershipEvents<P> events, boolean create) {
        JoinOutcome[] outcome = new JoinOutcome[1];
        Outbox[] outbox = new Outbox[1];
        rooms.compute(roomId, (id, room) -> {
            if (room == null && !create) {
                return null;
            }
            Room<P> target = room == null ? new Room<>() : room;
            List<P> others = target.membersExcept(member.clientId());
            if (target.members.containsKey(member.clientId())) {
                outcome[0] = JoinOutcome.REJOINED;
                outbox[0] = target.outbox.add(() -> events.rejoined(id, member, others));
                return target;
            }
            if (maxClients > 0 && target.members.size() >= maxClients) {
                outcome[0] = JoinOutcome.FULL;
                return room;
            }
            target.put(member);
            outcome[0] = JoinOutcome.JOINED;
            outbox[0] = target.outbox.add(() -> events.joined(id, member, others));
            return target;
        });
        Outbox.flush(outbox[0]);
        return outcome[0];
    }

    /** Removes {@code member} from {@code roomId} if it is still there; deletes the room when empty. */
    public boolean leave(String roomId, P member, MembershipEvents<P> events) {
        boolean[] removed = new boolean[1];
        Outbox[] outbox = new Outbox[1];
        rooms.computeIfPresent(roomId, (id, room) -> {
            if (room.members.get(member.clientId()) != member) {
                return room;
            }
            room.remove(member.clientId());
            removed[0] = true;
            List<P> remaining = room.membersExcept(null);
            outbox[0] = room.outbox.add(() -> events.left(id, member, remaining));
            return room.anchored(anchors) ? room : null;
        });
        Outbox.flush(outbox[0]);
        return removed[0];
    }

    /**
     * Makes the members of {@code roomId} exactly what {@code desired} answers for the current
     * ones (both oldest first), atomically. Members whose id is gone are announced as left; then
     * each new id, in list order, is announced as joined to the members it finds there: those
     * that were there before and the newcomers listed ahead of it. An id in both keeps the new
     * instance. The room is created when needed and deleted when nothing anchors it.
     */
    public void reconcile(String roomId, UnaryOperator<List<P>> desired, MembershipEvents<P> events) {
        Outbox[] outbox = new Outbox[1];
        rooms.compute(roomId, (id, room) -> {
            Room<P> target = room == null ? new Room<>() : room;
            outbox[0] = target.outbox;
            List<P> wanted = desired.apply(target.membersExcept(null));
            Set<String> wantedIds = new HashSet<>();
            for (P p : wanted) {
                wantedIds.add(p.clientId());
            }
            for (P gone : target.membersExcept(null)) {
                if (!wantedIds.contains(gone.clientId())) {
                    target.remove(gone.clientId());
                    List<P> remaining = target.membersExcept(null);
                    target.outbox.add(() -> events.left(id, gone, remaining));
                }
            }
            Set<String> present = new HashSet<>(target.members.keySet());
            target.replace(wanted);
            for (P p : wanted) {
                if (present.add(p.clientId())) {
                    List<P> there = new ArrayList<>(present.size());
                    for (P m : wanted) {
                        if (m != p && present.contains(m.clientId())) {
                            there.add(m);
                        }
                    }
                    target.outbox.add(() -> events.joined(id, p, there));
                }
            }
            return target.anchored(anchors) ? target : null;
        });
        Outbox.flush(outbox[0]);
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
        return memberCount(member -> true);
    }

    /** Members matching {@code which} over all rooms (a snapshot). */
    public int memberCount(Predicate<? super P> which) {
        int n = 0;
        for (Room<P> room : rooms.values()) {
            for (P p : room.members.values()) {
                if (which.test(p)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Every room with its members oldest first (a snapshot, for re-registration). */
    public Map<String, List<P>> snapshot() {
        Map<String, List<P>> out = new LinkedHashMap<>();
        rooms.forEach((id, room) -> out.put(id, room.membersExcept(null)));
        return out;
    }

    /**
     * One room. Its member map is replaced, never mutated, so readers need no lock; writers are
     * serialised by the registry's compute on the room's key.
     */
    private static final class Room<P extends Member> {
        private volatile Map<String, P> members = Map.of();
        private final Outbox outbox = new Outbox();

        /** Adds {@code member} at the end, or replaces the instance with its id in place. */
        void put(P member) {
            Map<String, P> next = new LinkedHashMap<>(members);
            next.put(member.clientId(), member);
            members = Collections.unmodifiableMap(next);
        }

        /** Makes the members exactly {@code wanted}, in that order. */
        void replace(List<P> wanted) {
            Map<String, P> next = new LinkedHashMap<>();
            for (P p : wanted) {
                next.put(p.clientId(), p);
            }
            members = Collections.unmodifiableMap(next);
        }

        boolean anchored(Predicate<? super P> anchors) {
            for (P p : members.values()) {
                if (anchors.test(p)) {
                    return true;
                }
            }
            return false;
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
