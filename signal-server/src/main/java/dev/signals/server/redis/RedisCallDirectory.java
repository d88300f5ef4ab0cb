package dev.signals.server.redis;

import dev.signals.core.call.CallDirectory;
import dev.signals.core.call.CallMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Call seats, presence and fan-out shared through Redis (docs/call.md, docs/cluster.md). Every decision is
 * one script on Redis's clock — seat grant with its {@code PEER}, seat check with the socket's
 * registration, a signal with its check — so seats count across nodes, each session goes from
 * live to gone exactly once (one {@code LEAVE}) whichever node notices, and events reach every
 * node holding a socket of the call in the one order Redis ran them. Keys and message formats:
 * {@code call-lib.lua}; on a Redis Cluster each script works in its call's slot ({@link SlotScope}).
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
    private final SlotScope scope;
    private final String nodeId;
    private final String seatCount;
    private final String seatTimeout;
    private final String ttl;
    private final String leave;
    private final SessionBounds sessions;
    /** An event's frame as the call's sockets get it, or null: no PEER or LEAVE kept for sessions. */
    private final Function<CallMessage.Event, String> frames;
    /** The same frames for the scripts that publish for many calls (call-lib.lua templates_at), or ''. */
    private final String templates;

    RedisCallDirectory(RedisBackplane backplane, Settings settings, SessionBounds sessions,
                       Function<CallMessage.Event, String> frames) {
        this.sessions = sessions;
        this.frames = frames;
        this.templates = templates(sessions, frames);
        this.link = backplane.link();
        this.scope = new SlotScope(backplane, "node-calls:");
        this.nodeId = backplane.nodeId();
        this.seatCount = Integer.toString(settings.seatCount());
        this.seatTimeout = Long.toString(settings.seatTimeout().toMillis());
        // Presence outlives a seat that never lapses only while a live node refreshes it.
        this.ttl = Long.toString(Math.max(backplane.lease().stateTtl().toMillis(), 2 * settings.seatTimeout().toMillis()));
        this.leave = settings.leaveEvents() ? "1" : "0";
    }

    private static LuaScript script(String name) {
        // A call socket may be a resumable session's (docs/cluster.md "Resumable sessions").
        return LuaScript.load(name, name + ".lua", "session-lib.lua", "lease-lib.lua", "call-lib.lua");
    }

    /** Runs {@code script} in {@code call}'s slot, declaring the call's keys there. */
    private Mono<List<Object>> eval(LuaScript script, String call, String... args) {
        String prefix = scope.of(call);
        String[] keys = {prefix + "call-seats:" + call, prefix + "call-live:" + call};
        return link.evalKeys(script, keys, ScriptArgs.leading(new String[] {prefix, call}, args));
    }

    @Override
    public Mono<Boolean> seat(String call, String session) {
        return yes(eval(SEAT, call, withEvent(new CallMessage.Peer(call, session), session, seatCount, seatTimeout, ttl)));
    }

    @Override
    public Mono<Boolean> attach(String call, String session, String connId) {
        scope.mark(scope.of(call));
        return yes(eval(ATTACH, call,
                withEvent(new CallMessage.Peer(call, session), session, nodeId, connId, seatTimeout, ttl, leave, "0")));
    }

    @Override
    public Mono<Boolean> reattach(String call, String session, String connId) {
        scope.mark(scope.of(call));
        return yes(eval(ATTACH, call,
                withEvent(new CallMessage.Peer(call, session), session, nodeId, connId, seatTimeout, ttl, leave, "1")));
    }

    @Override
    public Mono<Void> leaveOrphan(String call, String session, String connId) {
        return eval(ORPHAN_LEAVE, call, withEvent(new CallMessage.Leave(call, session), session, connId, leave)).then();
    }

    @Override
    public Mono<Void> detach(String call, String session, String connId) {
        return eval(DETACH, call, withEvent(new CallMessage.Leave(call, session), session, nodeId, connId, leave)).then();
    }

    @Override
    public Mono<Boolean> renew(String call, String session) {
        return yes(eval(RENEW, call, session, seatTimeout, ttl));
    }

    @Override
    public Mono<Boolean> signal(CallMessage.Signal signal, String frame) {
        List<String> args = new ArrayList<>(List.of(signal.session(), signal.kind().name(), signal.body(), seatTimeout));
        args.addAll(List.of(sessions.withFrame(frame)));
        return yes(eval(SIGNAL, signal.call(), args.toArray(String[]::new)));
    }

    @Override
    public Mono<Void> sweep() {
        // On a Cluster the socketless seats are kept per slot (call-lib.lua) and found by SCAN.
        return scope.having("call-orphans")
                .concatMap(prefix -> link.evalKeys(SWEEP, new String[] {prefix + "call-orphans"}, prefix, seatTimeout, BATCH, leave,
                        templates))
                .then();
    }

    @Override
    public Mono<List<Socket>> sync(List<Socket> live) {
        Map<String, List<Socket>> bySlot = scope.group(live, Socket::call);
        return scope.liveNodes().flatMap(nodes -> Flux.fromIterable(bySlot.entrySet())
                .concatMap(slot -> {
                    List<String> args = new ArrayList<>(7 + 3 * slot.getValue().size());
                    args.addAll(List.of(slot.getKey(), nodeId, seatTimeout, ttl, leave, nodes, templates));
                    for (Socket s : slot.getValue()) {
                        args.add(s.call());
                        args.add(s.session());
                        args.add(s.connId());
                    }
                    return link.evalKeys(SYNC, new String[] {scope.index(slot.getKey(), nodeId)}, args.toArray(String[]::new));
                })
                .concatMapIterable(reply -> {
                    List<Socket> replaced = new ArrayList<>(reply.size() / 3);
                    for (int i = 0; i + 2 < reply.size(); i += 3) {
                        replaced.add(new Socket(String.valueOf(reply.get(i)), String.valueOf(reply.get(i + 1)),
                                String.valueOf(reply.get(i + 2))));
                    }
                    return replaced;
                })
                .collectList());
    }

    @Override
    public List<LuaScript> scripts() {
        return List.of(SEAT, RENEW, SIGNAL, ATTACH, DETACH, SWEEP, REAP, SYNC, TOUCH, ORPHAN_LEAVE);
    }

    @Override
    public Mono<Void> refresh() {
        return scope.eachIndex(TOUCH, nodeId, nodeId, ttl);
    }

    @Override
    public Mono<Void> reap(String deadNode) {
        return scope.reapEachIndex(REAP, deadNode, deadNode, BATCH, leave, templates);
    }

    /** The kept-frames argument of the scripts that publish for many calls (call-lib.lua templates_at). */
    static String templates(SessionBounds sessions, Function<CallMessage.Event, String> frames) {
        return frames == null ? "" : sessions.keep(call -> frames.apply(new CallMessage.Peer(call, "-")),
                call -> frames.apply(new CallMessage.Leave(call, "-")));
    }

    /**
     * {@code args}, then the script's optional event frame and session bounds, so the PEER or LEAVE
     * it may publish is kept for the other sockets' sessions (call-lib.lua publish).
     */
    private String[] withEvent(CallMessage.Event event, String... args) {
        String[] extra = frames == null ? new String[] {""} : sessions.withFrame(frames.apply(event));
        String[] all = Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return all;
    }

    private static Mono<Boolean> yes(Mono<List<Object>> reply) {
        return reply.map(r -> !r.isEmpty() && r.get(0) instanceof Number && ((Number) r.get(0)).longValue() == 1);
    }
}
