package dev.signals.server.redis;

import dev.signals.core.domain.DomainDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Domain holders shared through Redis (docs/domain.md, docs/cluster.md): one key per domain naming the node
 * and connection holding it. Claims, compare-and-remove and routing are scripts, so last one wins
 * whichever nodes the sockets are on, and a displaced holder's node is told to close it in the
 * order Redis settled the claims. Keys and message formats: {@code domain-lib.lua}.
 */
final class RedisDomainDirectory implements DomainDirectory, NodeState {
    static final LuaScript CLAIM = script("domain-claim");
    static final LuaScript RELEASE = script("domain-release");
    static final LuaScript ROUTE = script("domain-route");
    static final LuaScript SYNC = script("domain-sync");
    static final LuaScript REAP = script("domain-reap");
    static final LuaScript TOUCH = script("domain-touch");
    static final LuaScript ORPHAN_RELEASE = script("domain-orphan-release");
    /** Domains of a dead node freed per script run, so one reap never holds Redis long. */
    private static final int REAP_BATCH = 500;

    private final RedisLink link;
    private final String prefix;
    private final String nodeId;
    private final String ttl;
    private final SessionBounds sessions;

    RedisDomainDirectory(RedisBackplane backplane, SessionBounds sessions) {
        this.sessions = sessions;
        this.link = backplane.link();
        this.prefix = backplane.prefix();
        this.nodeId = backplane.nodeId();
        this.ttl = Long.toString(backplane.lease().stateTtl().toMillis());
    }

    /** A holder may be a resumable session's socket (docs/cluster.md "Resumable sessions"). */
    private static LuaScript script(String name) {
        return LuaScript.load(name, name + ".lua", "session-lib.lua", "domain-lib.lua");
    }

    @Override
    public Mono<Void> claim(String domain, String connId) {
        return link.eval(CLAIM, prefix, nodeId, domain, connId, ttl, "0").then();
    }

    @Override
    public Mono<Boolean> reclaim(String domain, String connId) {
        return link.eval(CLAIM, prefix, nodeId, domain, connId, ttl, "1")
                .map(reply -> !reply.isEmpty() && reply.get(0) instanceof Number n && n.longValue() == 1);
    }

    @Override
    public Mono<Void> releaseOrphan(String domain, String connId) {
        return link.eval(ORPHAN_RELEASE, prefix, domain, connId).then();
    }

    @Override
    public Mono<Void> release(String domain, String connId) {
        return link.eval(RELEASE, prefix, nodeId, domain, connId).then();
    }

    @Override
    public Mono<Routed> route(String domain, String payload, String frame) {
        List<String> args = new ArrayList<>(List.of(prefix, nodeId, domain, payload));
        args.addAll(List.of(sessions.withFrame(frame)));
        return link.eval(ROUTE, args.toArray(String[]::new)).map(reply -> {
            String outcome = reply.isEmpty() ? "" : String.valueOf(reply.get(0));
            return "sent".equals(outcome) ? Routed.SENT : "here".equals(outcome) ? Routed.HERE : Routed.ABSENT;
        });
    }

    @Override
    public Mono<List<String>> sync(Map<String, String> live) {
        List<String> args = new ArrayList<>(3 + 2 * live.size());
        args.add(prefix);
        args.add(nodeId);
        args.add(ttl);
        live.forEach((domain, conn) -> {
            args.add(domain);
            args.add(conn);
        });
        return link.eval(SYNC, args.toArray(String[]::new)).map(reply -> {
            List<String> lost = new ArrayList<>(reply.size());
            reply.forEach(item -> lost.add(String.valueOf(item)));
            return lost;
        });
    }

    @Override
    public List<LuaScript> scripts() {
        return List.of(CLAIM, RELEASE, ROUTE, SYNC, REAP, TOUCH, ORPHAN_RELEASE);
    }

    @Override
    public Mono<Void> refresh() {
        return link.eval(TOUCH, prefix, nodeId, ttl).then();
    }

    @Override
    public Mono<Void> reap(String deadNode) {
        return Batches.drain(() -> link.eval(REAP, prefix, deadNode, Integer.toString(REAP_BATCH)));
    }
}
