package dev.signals.server.redis;

import dev.signals.core.call.CallDirectory;
import dev.signals.core.call.CallMessage;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Call seats, presence and fan-out shared through Redis (docs/call.md, docs/cluster.md). Every decision is
 * one script on Redis's clock — seat grant with its {@code PEER}, seat check with the socket's
 * registration, a signal with its check — so seats count across nodes, each session goes from
 * live to gone exactly once (one {@code LEAVE}) whichever node notices, and events reach every
 * node holding a socket of the call in the one order Redis ran them. Keys and message formats:
 * {@code call-lib.lua}.
 */
final class RedisCallDirectory implements CallDirectory, NodeState {
    static final LuaScript SEAT = script("call-seat");
    static final LuaScript RENEW = script("call-renew");
    static final LuaScript SIGNAL = script("call-signal");
    static final LuaScript ATTACH = script("call-attach");
    static final LuaScript DETACH = script("call-detach");
    static final LuaScript SWEEP = script("call-sweep");
    static final LuaScript REAP = script("call-reap");
    static final LuaScript SYNC = script("call-sync");
    static final LuaScript TOUCH = script("call-touch");
    static final LuaScript ORPHAN_LEAVE = script("call-orphan-leave");
    /** Entries handled per script run, so one sweep or reap never holds Redis long. */
    private static final String BATCH = "500";

    private final RedisLink link;
    private final String prefix;
    private final String nodeId;
    private final String seatCount;
    private final String seatTimeout;
    private final String ttl;
    private final String leave;
    private final SessionBounds sessions;

    RedisCallDirectory(RedisBackplane backplane, Settings settings, SessionBounds sessions) {
        this.sessions = sessions;
        this.link = backplane.link();
        this.prefix = backplane.prefix();
        this.nodeId = backplane.nodeId();
        this.seatCount = Integer.toString(settings.seatCount());
        this.seatTimeout = Long.toString(settings.seatTimeout().toMillis());
        // Presence outlives a seat that never lapses only while a live node refreshes it.
        this.ttl = Long.toString(Math.max(backplane.lease().stateTtl().toMillis(), 2 * settings.seatTimeout().toMillis()));
        this.leave = settings.leaveEvents() ? "1" : "0";
    }

    private static LuaScript script(String name) {
        // A call socket may be a resumable session's (docs/cluster.md "Resumable sessions").
        return LuaScript.load(name, name + ".lua", "session-lib.lua", "call-lib.lua");
    }

    @Override
    public Mono<Boolean> seat(String call, String session) {
        return yes(link.eval(SEAT, prefix, call, session, seatCount, seatTimeout, ttl));
    }

    @Override
    public Mono<Boolean> attach(String call, String session, String connId) {
        return yes(link.eval(ATTACH, prefix, call, session, nodeId, connId, seatTimeout, ttl, leave, "0"));
    }

    @Override
    public Mono<Boolean> reattach(String call, String session, String connId) {
        return yes(link.eval(ATTACH, prefix, call, session, nodeId, connId, seatTimeout, ttl, leave, "1"));
    }

    @Override
    public Mono<Void> leaveOrphan(String call, String session, String connId) {
        return link.eval(ORPHAN_LEAVE, prefix, call, session, connId, leave).then();
    }

    @Override
    public Mono<Void> detach(String call, String session, String connId) {
        return link.eval(DETACH, prefix, call, session, nodeId, connId, leave).then();
    }

    @Override
    public Mono<Boolean> renew(String call, String session) {
        return yes(link.eval(RENEW, prefix, call, session, seatTimeout, ttl));
    }

    @Override
    public Mono<Boolean> signal(CallMessage.Signal signal, String frame) {
        List<String> args = new ArrayList<>(List.of(prefix, signal.call(), signal.session(), signal.kind().name(),
                signal.body(), seatTimeout));
        args.addAll(List.of(sessions.withFrame(frame)));
        return yes(link.eval(SIGNAL, args.toArray(String[]::new)));
    }

    @Override
    public Mono<Void> sweep() {
        return link.eval(SWEEP, prefix, seatTimeout, BATCH, leave).then();
    }

    @Override
    public Mono<List<Socket>> sync(List<Socket> live) {
        List<String> args = new ArrayList<>(5 + 3 * live.size());
        args.addAll(List.of(prefix, nodeId, seatTimeout, ttl, leave));
        for (Socket s : live) {
            args.add(s.call());
            args.add(s.session());
            args.add(s.connId());
        }
        return link.eval(SYNC, args.toArray(String[]::new)).map(reply -> {
            List<Socket> replaced = new ArrayList<>(reply.size() / 3);
            for (int i = 0; i + 2 < reply.size(); i += 3) {
                replaced.add(new Socket(String.valueOf(reply.get(i)), String.valueOf(reply.get(i + 1)),
                        String.valueOf(reply.get(i + 2))));
            }
            return replaced;
        });
    }

    @Override
    public List<LuaScript> scripts() {
        return List.of(SEAT, RENEW, SIGNAL, ATTACH, DETACH, SWEEP, REAP, SYNC, TOUCH, ORPHAN_LEAVE);
    }

    @Override
    public Mono<Void> refresh() {
        return link.eval(TOUCH, prefix, nodeId, ttl).then();
    }

    @Override
    public Mono<Void> reap(String deadNode) {
        return Batches.drain(() -> link.eval(REAP, prefix, deadNode, BATCH, leave));
    }

    private static Mono<Boolean> yes(Mono<List<Object>> reply) {
        return reply.map(r -> !r.isEmpty() && r.get(0) instanceof Number && ((Number) r.get(0)).longValue() == 1);
    }
}
