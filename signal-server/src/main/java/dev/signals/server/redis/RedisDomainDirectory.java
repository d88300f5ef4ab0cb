package dev.signals.server.redis;

import dev.signals.core.domain.DomainDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Domain holders shared through Redis (docs/domain.md, docs/cluster.md): one key per domain naming the node
 * and connection holding it. Claims, compare-and-remove and routing are scripts, so last one wins
 * whichever nodes the sockets are on, and a displaced holder's node is told to close it in the
 * order Redis settled the claims. Keys and message formats: {@code domain-lib.lua}; on a Redis
 * Cluster each script works in its domain's slot ({@link SlotScope}).
 */
final class RedisDomainDirectory implements DomainDirectory, NodeState {
    static final LuaScript CLAIM = script("domain-claim");
    static final LuaScript RELEASE = script("domain-release");
    /** Also records the sending socket's cseq with the route (session-cseq-lib.lua). */
    static final LuaScript ROUTE = LuaScript.load("domain-route", "domain-route.lua", "session-lib.lua",
            "session-cseq-lib.lua", "lease-lib.lua", "domain-lib.lua");
    static final LuaScript SYNC = script("domain-sync");
    static final LuaScript REAP = script("domain-reap");
    static final LuaScript TOUCH = script("domain-touch");
    static final LuaScript ORPHAN_RELEASE = script("domain-orphan-release");
    /** Domains of a dead node freed per script run, so one reap never holds Redis long. */
    private static final int REAP_BATCH = 500;

    private final RedisLink link;
    private final SlotScope scope;
    private final String nodeId;
    private final String ttl;
    private final SessionBounds sessions;
    /** Where RedisSessionStore keeps sessions: a sender's, for the cseq a route records. */
    private final String sessionPrefix;

    RedisDomainDirectory(RedisBackplane backplane, SessionBounds sessions) {
        this.sessions = sessions;
        this.link = backplane.link();
        this.scope = new SlotScope(backplane, "node-domains:");
        this.nodeId = backplane.nodeId();
        this.ttl = Long.toString(backplane.lease().stateTtl().toMillis());
        this.sessionPrefix = backplane.prefix();
    }

    /** A holder may be a resumable session's socket (docs/cluster.md "Resumable sessions"). */
    private static LuaScript script(String name) {
        return LuaScript.load(name, name + ".lua", "session-lib.lua", "lease-lib.lua", "domain-lib.lua");
    }

    /** Runs {@code script} in {@code domain}'s slot, declaring its key and this node's index there. */
    private Mono<List<Object>> eval(LuaScript script, String domain, String... args) {
        return eval(script, domain, List.of(), List.of(args));
    }

    /** {@link #eval(LuaScript, String, String...)}, declaring {@code moreKeys} after the domain's two. */
    private Mono<List<Object>> eval(LuaScript script, String domain, List<String> moreKeys, List<String> args) {
        String prefix = scope.of(domain);
        List<String> keys = new ArrayList<>(List.of(prefix + "domain:" + domain, scope.index(prefix, nodeId)));
        keys.addAll(moreKeys);
        List<String> all = new ArrayList<>(args.size() + 1);
        all.add(prefix);
        all.addAll(args);
        return link.evalKeys(script, keys.toArray(String[]::new), all.toArray(String[]::new));
    }

    @Override
    public Mono<Void> claim(String domain, String connId) {
        scope.mark(scope.of(domain));
        return eval(CLAIM, domain, nodeId, domain, connId, ttl, "0").then();
    }

    @Override
    public Mono<Boolean> reclaim(String domain, String connId) {
        scope.mark(scope.of(domain));
        return eval(CLAIM, domain, nodeId, domain, connId, ttl, "1")
                .map(reply -> !reply.isEmpty() && reply.get(0) instanceof Number n && n.longValue() == 1);
    }

    @Override
    public Mono<Void> releaseOrphan(String domain, String connId) {
        return eval(ORPHAN_RELEASE, domain, domain, connId).then();
    }

    @Override
    public Mono<Void> release(String domain, String connId) {
        return eval(RELEASE, domain, nodeId, domain, connId).then();
    }

    @Override
    public Mono<Routed> route(String domain, String payload, String frame, String sender, long cseq) {
        List<String> args = new ArrayList<>(List.of(nodeId, domain, payload));
        args.addAll(List.of(sessions.withFrame(frame)));
        List<String> senderKeys = List.of();
        if (sender != null && !sessions.ttl().isEmpty()) {
            // The sender's session keys after the domain's: two slots (docs/cluster.md "Resumable sessions").
            String from = sessionPrefix + "session:{" + sender + "}";
            senderKeys = List.of(from, from + ":log", from + ":inbox");
            args.addAll(List.of("cseq", Long.toString(cseq), sessions.ttl()));
        }
        return eval(ROUTE, domain, senderKeys, args).map(reply -> {
            String outcome = reply.isEmpty() ? "" : String.valueOf(reply.get(0));
            return "sent".equals(outcome) ? Routed.SENT : "here".equals(outcome) ? Routed.HERE : Routed.ABSENT;
        });
    }

    /** One run per slot this node has domains in, or had (to drop what it no longer holds there). */
    @Override
    public Mono<List<String>> sync(Map<String, String> live) {
        Map<String, List<Map.Entry<String, String>>> bySlot = scope.group(live.entrySet(), Map.Entry::getKey);
        return scope.liveNodes().flatMap(nodes -> Flux.fromIterable(bySlot.entrySet())
                .concatMap(slot -> {
                    List<String> args = new ArrayList<>(4 + 2 * slot.getValue().size());
                    args.add(slot.getKey());
                    args.add(nodeId);
                    args.add(ttl);
                    args.add(nodes);
                    slot.getValue().forEach(held -> {
                        args.add(held.getKey());
                        args.add(held.getValue());
                    });
                    return link.evalKeys(SYNC, new String[] {scope.index(slot.getKey(), nodeId)}, args.toArray(String[]::new));
                })
                .concatMapIterable(reply -> reply)
                .map(String::valueOf)
                .collectList());
    }

    @Override
    public List<LuaScript> scripts() {
        return List.of(CLAIM, RELEASE, ROUTE, SYNC, REAP, TOUCH, ORPHAN_RELEASE);
    }

    @Override
    public Mono<Void> refresh() {
        return scope.eachIndex(TOUCH, nodeId, nodeId, ttl);
    }

    @Override
    public Mono<Void> reap(String deadNode) {
        return scope.reapEachIndex(REAP, deadNode, deadNode, Integer.toString(REAP_BATCH));
    }
}
