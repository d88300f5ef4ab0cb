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
    static final LuaScript CLAIM = LuaScript.load("domain-claim", "domain-claim.lua", "domain-lib.lua");
    static final LuaScript RELEASE = LuaScript.load("domain-release", "domain-release.lua", "domain-lib.lua");
    static final LuaScript ROUTE = LuaScript.load("domain-route", "domain-route.lua", "domain-lib.lua");
    static final LuaScript SYNC = LuaScript.load("domain-sync", "domain-sync.lua", "domain-lib.lua");
    static final LuaScript REAP = LuaScript.load("domain-reap", "domain-reap.lua", "domain-lib.lua");
    static final LuaScript TOUCH = LuaScript.load("domain-touch", "domain-touch.lua", "domain-lib.lua");
    /** Domains of a dead node freed per script run, so one reap never holds Redis long. */
    private static final int REAP_BATCH = 500;

    private final RedisLink link;
    private final String prefix;
    private final String nodeId;
    private final String ttl;

    RedisDomainDirectory(RedisBackplane backplane) {
        this.link = backplane.link();
        this.prefix = backplane.prefix();
        this.nodeId = backplane.nodeId();
        this.ttl = Long.toString(backplane.lease().stateTtl().toMillis());
    }

    @Override
    public Mono<Void> claim(String domain, String connId) {
        return link.eval(CLAIM, prefix, nodeId, domain, connId, ttl).then();
    }

    @Override
    public Mono<Void> release(String domain, String connId) {
        return link.eval(RELEASE, prefix, nodeId, domain, connId).then();
    }

    @Override
    public Mono<Routed> route(String domain, String payload) {
        return link.eval(ROUTE, prefix, nodeId, domain, payload).map(reply -> {
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
        return List.of(CLAIM, RELEASE, ROUTE, SYNC, REAP, TOUCH);
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
