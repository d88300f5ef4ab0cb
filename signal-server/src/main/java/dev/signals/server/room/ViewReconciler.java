package dev.signals.server.room;

import dev.signals.core.room.RoomDirectory;
import dev.signals.core.room.RoomRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings this node's view of a room in line with an answer of the directory (docs/cluster.md):
 * the view takes the answer's members in its order, other nodes' members as {@link RemoteMember}s
 * and this node's as the sockets the view holds; whoever came or went is announced to this
 * node's clients. Where the two disagree about this node's own clients it reports
 * {@link Differences} for the caller to settle outside the registry's lock.
 */
final class ViewReconciler {
    private final RoomRegistry<RoomMember> views;
    private final RoomEvents events;
    private final String nodeId;

    ViewReconciler(RoomRegistry<RoomMember> views, RoomEvents events, String nodeId) {
        this.views = views;
        this.events = events;
        this.nodeId = nodeId;
    }

    /** Where an answer and the view disagreed about this node's clients. */
    static final class Differences {
        /** Clients the directory still lists here but this node no longer holds (they left). */
        final List<String> strays = new ArrayList<>();
        /** A client this node holds that the directory lacks (it must be registered again). */
        boolean missing;
    }

    /**
     * Applies {@code entries} (oldest first) to the view of {@code roomId}. A {@code joiner} not
     * yet in the view comes in at its place in the answer, so its {@code joined} lists everyone
     * before it and this node's members get {@code new-client}.
     */
    Differences apply(String roomId, List<RoomDirectory.Entry> entries, RoomSocket joiner) {
        Differences found = new Differences();
        views.reconcile(roomId, current -> desired(entries, current, joiner, found), events);
        return found;
    }

    /**
     * A member changed nodes without leaving (docs/cluster.md "Resumable sessions"): the view takes
     * {@code entries} as they are, with {@code adopted} (when this node now serves it) as its socket,
     * and nobody is told.
     */
    void silently(String roomId, List<RoomDirectory.Entry> entries, RoomSocket adopted) {
        views.reconcile(roomId, current -> desired(entries, current, adopted, new Differences()), SILENT);
    }

    /** {@code clientId} of {@code roomId} is served by {@code node} now; nobody is told. */
    void moved(String roomId, String clientId, String node) {
        if (views.member(roomId, clientId) == null || nodeId.equals(node)) {
            return;
        }
        views.reconcile(roomId, current -> {
            List<RoomMember> out = new ArrayList<>(current.size());
            for (RoomMember m : current) {
                out.add(m.clientId().equals(clientId) ? new RemoteMember(clientId, node) : m);
            }
            return out;
        }, SILENT);
    }

    private static final RoomRegistry.MembershipEvents<RoomMember> SILENT = new RoomRegistry.MembershipEvents<>() {
        @Override
        public void joined(String roomId, RoomMember joiner, List<RoomMember> existing) {
        }

        @Override
        public void rejoined(String roomId, RoomMember joiner, List<RoomMember> others) {
        }

        @Override
        public void left(String roomId, RoomMember leaver, List<RoomMember> remaining) {
        }
    };

    /** Runs inside the registry's lock: it only computes. */
    private List<RoomMember> desired(List<RoomDirectory.Entry> entries, List<RoomMember> current, RoomSocket joiner,
                                     Differences found) {
        Map<String, RoomMember> known = new HashMap<>();
        current.forEach(m -> known.put(m.clientId(), m));
        if (joiner != null) {
            known.put(joiner.clientId(), joiner);
        }
        Set<String> listed = new HashSet<>();
        List<RoomMember> out = new ArrayList<>(entries.size());
        for (RoomDirectory.Entry e : entries) {
            if (!listed.add(e.clientId())) {
                continue;
            }
            RoomMember member = known.get(e.clientId());
            if (!nodeId.equals(e.nodeId())) {
                out.add(member instanceof RemoteMember && ((RemoteMember) member).nodeId().equals(e.nodeId())
                        ? member : new RemoteMember(e.clientId(), e.nodeId()));
            } else if (member instanceof RoomSocket) {
                out.add(member);
            } else {
                found.strays.add(e.clientId());
            }
        }
        if (joiner != null && !listed.contains(joiner.clientId())) {
            out.add(joiner);
            found.missing = true;
        }
        for (RoomMember m : current) {
            if (m instanceof RoomSocket && !listed.contains(m.clientId())) {
                out.add(m);
                found.missing = true;
            }
        }
        return out;
    }
}
