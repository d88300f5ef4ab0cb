package dev.signals.server.room;

import dev.signals.core.backplane.Backplane;
import dev.signals.core.room.RoomBusCodec;
import dev.signals.core.room.RoomBusMessage;
import dev.signals.core.room.RoomDirectory;
import dev.signals.core.room.RoomRegistry;
import dev.signals.server.ClusterListener;
import dev.signals.server.metrics.Metrics;
import dev.signals.server.ws.CseqClaim;
import dev.signals.server.ws.TextFrame;
import dev.signals.server.ws.SharedSessions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Rooms spanning nodes (docs/room.md, docs/cluster.md). This node keeps a view of each room one of its
 * clients is in — its own sockets and other nodes' {@link RemoteMember}s, in the directory's
 * order — built from the directory's answers and kept current by the other nodes' announcements.
 * Both reach this node on the backplane thread in the one order the directory settled them, so
 * a joiner's {@code joined} always precedes what others do in reaction. Everything that needs
 * only this node (rejoin, leave, relay between its own clients) is the {@link LocalRoomService}'s
 * and keeps working while the backplane is down; joins and relays to other nodes then fail with
 * the room errors, and the view is reconciled with the directory when the link returns.
 */
final class ClusterRoomService extends ClusterListener<RoomBusMessage> implements RoomService {
    private final LocalRoomService local;
    private final RoomRegistry<RoomMember> views;
    private final RoomDirectory directory;
    private final RoomEvents events;
    private final Metrics metrics;
    private final ViewReconciler reconciler;
    /** Clustered resumable sessions, or null when sessions are off. */
    private final SharedSessions sessions;
    private final RoomBusCodec bus = new RoomBusCodec();
    /** Leaves the directory could not be told of yet (client id → room id), settled at the next sync. */
    private final Map<String, String> unsettled = new ConcurrentHashMap<>();

    /** @param views the registry {@code local} serves from; a room in it lives while it has a socket */
    ClusterRoomService(LocalRoomService local, RoomRegistry<RoomMember> views, RoomDirectory directory,
                       Backplane backplane, RoomEvents events, Metrics metrics, SharedSessions sessions) {
        super(backplane, RoomDialect.NAME, ClusterRoomService.class);
        this.local = local;
        this.views = views;
        this.directory = directory;
        this.events = events;
        this.metrics = metrics;
        this.reconciler = new ViewReconciler(views, events, backplane.nodeId());
        this.sessions = sessions;
    }

    @Override
    public void join(RoomSocket socket, String current, String target, Consumer<JoinOutcome> done) {
        if (target.equals(current)) {
            local.join(socket, current, target, done); // a rejoin answers from the view, no directory
            return;
        }
        if (!backplane.up()) {
            done.accept(JoinOutcome.FAILED);
            return;
        }
        directory.join(target, socket.clientId())
                .switchIfEmpty(Mono.error(new IllegalStateException("no answer to a join")))
                .subscribe(result -> settleJoin(socket, current, target, result, done), error -> {
                    warnings.warn("join", "room join failed: {}", error.toString());
                    done.accept(JoinOutcome.FAILED);
                    resyncSoon(); // the directory may or may not have applied it
                });
    }

    /** On the backplane thread, in directory order: apply an accepted join to the views. */
    private void settleJoin(RoomSocket socket, String current, String target, RoomDirectory.JoinResult result,
                            Consumer<JoinOutcome> done) {
        if (result.full()) {
            done.accept(JoinOutcome.FULL);
            return;
        }
        if (current != null) {
            local.leave(socket, current); // the directory already moved it; tell this node's members
        }
        // Stored ahead of the joined frame's numbering, on the same Redis connection.
        socket.enteredInDirectory(target);
        ViewReconciler.Differences found = reconciler.apply(target, result.members(), socket);
        done.accept(JoinOutcome.JOINED);
        settle(target, found);
    }

    @Override
    public void adopt(RoomSocket socket, String roomId, Consumer<JoinOutcome> done) {
        directory.adopt(roomId, socket.clientId()).subscribe(entries -> {
            // On the backplane thread, in directory order, like a join's answer.
            if (entries.isEmpty()) {
                done.accept(JoinOutcome.FAILED);
                return;
            }
            reconciler.silently(roomId, entries, socket);
            done.accept(JoinOutcome.JOINED);
        }, error -> {
            warnings.warn("adopt", "room adopt failed: {}", error.toString());
            done.accept(JoinOutcome.FAILED);
        });
    }

    /** The ordinary leave of a session member nobody serves, once its window lapsed. */
    Mono<Void> leaveOrphan(String roomId, String clientId) {
        return roomId.isEmpty() ? Mono.empty() : directory.leaveOrphan(roomId, clientId);
    }

    @Override
    public void leave(RoomSocket socket, String roomId) {
        local.leave(socket, roomId);
        if (!backplane.up()) {
            unsettled.put(socket.clientId(), roomId);
            return;
        }
        directory.leave(roomId, socket.clientId()).subscribe(null, error -> {
            unsettled.put(socket.clientId(), roomId);
            resyncSoon();
        });
    }

    @Override
    public void relay(String roomId, String targetId, String type, TextFrame frame, CseqClaim cseq,
                      long arrivedNanos, Runnable failed) {
        RoomMember target = views.member(roomId, targetId);
        if (!(target instanceof RemoteMember)) {
            local.relay(roomId, targetId, type, frame, cseq, arrivedNanos, failed);
            return;
        }
        if (!backplane.up()) {
            failed.run();
            return;
        }
        // To another node, relay time ends when Redis has taken the frame, as in the domain dialect.
        String text = frame.text();
        String node = ((RemoteMember) target).nodeId();
        String payload = bus.unicast(roomId, targetId, type, text);
        // With sessions, one script: a session's frame waits in Redis until its node numbers it, or
        // is numbered at once if the node is gone, and the sender's cseq is recorded with it
        // (docs/cluster.md "Resumable sessions").
        Mono<Void> sent = sessions == null ? backplane.send(node, RoomDialect.NAME, roomId, payload)
                : sessions.sendOrLog(node, RoomDialect.NAME, payload, targetId, text, cseq.take());
        sent.subscribe(null, error -> failed.run(), () -> local.relayed(arrivedNanos));
    }

    /**
     * Nobody listens on the target's node: if the target has a resumable session, the frame goes to
     * the session's log in Redis, so it is not lost while the session moves (docs/cluster.md).
     */
    private void toSession(String targetId, String frame, long arrivedNanos, Runnable failed) {
        if (sessions == null) {
            failed.run();
            return;
        }
        sessions.append(targetId, frame).subscribe(seq -> {
            if (seq > 0) {
                local.relayed(arrivedNanos);
            } else {
                failed.run();
            }
        }, error -> failed.run());
    }

    @Override
    protected RoomBusMessage decode(String payload) {
        return bus.decode(payload);
    }

    /** Another node's announcement or unicast, on the backplane thread in directory order. */
    @Override
    protected void apply(RoomBusMessage message) {
        if (message instanceof RoomBusMessage.MemberJoined) {
            RoomBusMessage.MemberJoined joined = (RoomBusMessage.MemberJoined) message;
            if (!backplane.nodeId().equals(joined.nodeId())) {
                views.joinIfPresent(joined.roomId(), new RemoteMember(joined.clientId(), joined.nodeId()), events);
            }
        } else if (message instanceof RoomBusMessage.MemberLeft) {
            RoomBusMessage.MemberLeft left = (RoomBusMessage.MemberLeft) message;
            RoomMember member = views.member(left.roomId(), left.clientId());
            if (member instanceof RemoteMember) {
                views.leave(left.roomId(), member, events);
            } else if (member instanceof RoomSocket) {
                resyncSoon(); // another node removed a live client of ours: our lease had lapsed
            }
        } else if (message instanceof RoomBusMessage.MemberMoved) {
            RoomBusMessage.MemberMoved moved = (RoomBusMessage.MemberMoved) message;
            reconciler.moved(moved.roomId(), moved.clientId(), moved.nodeId());
        } else {
            RoomBusMessage.Unicast unicast = (RoomBusMessage.Unicast) message;
            RoomMember target = views.member(unicast.roomId(), unicast.targetId());
            if (target instanceof RoomSocket && ((RoomSocket) target).isOpen()) {
                target.deliver(unicast.type(), unicast.frame());
            } else if (sessions != null) {
                // Sent before the sender heard that the target's session moved: its log still takes it.
                toSession(unicast.targetId(), unicast.frame(), System.nanoTime(),
                        () -> metrics.error(RoomDialect.NAME, "unknown_target"));
            } else {
                metrics.error(RoomDialect.NAME, "unknown_target");
            }
        }
    }

    /**
     * Re-registers this node's members with the directory and reconciles every view with its
     * answer: members that came or went meanwhile are announced to this node's clients.
     */
    @Override
    protected Mono<Void> sync() {
        Map<String, String> live = new LinkedHashMap<>();
        views.snapshot().forEach((room, members) -> {
            for (RoomMember m : members) {
                if (m instanceof RoomSocket) {
                    live.put(m.clientId(), room);
                }
            }
        });
        Map<String, String> departed = new HashMap<>(unsettled);
        return directory.sync(live, departed).doOnNext(rooms -> {
            departed.forEach(unsettled::remove);
            rooms.forEach((room, entries) -> settle(room, reconciler.apply(room, entries, null)));
        }).then();
    }

    /** Acts on what a reconciliation found, once the view is updated (outside the registry's lock). */
    private void settle(String roomId, ViewReconciler.Differences found) {
        for (String clientId : found.strays) {
            directory.leave(roomId, clientId).subscribe(null, e -> unsettled.put(clientId, roomId));
        }
        if (found.missing) {
            resyncSoon();
        }
    }

    @Override
    public int roomCount() {
        return local.roomCount();
    }

    @Override
    public int memberCount() {
        return local.memberCount();
    }
}
