package dev.signals.server.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * This node's lease in Redis (docs/cluster.md): a key that expires {@code --node-lease} after its
 * last renewal, holding this process's incarnation id, plus the {@code nodes} registry that lets
 * survivors find a node whose lease is gone. Renewed every third of the lease, so a dead node is
 * found within lease + one renewal period.
 */
final class NodeLease {
    static final LuaScript TICK = LuaScript.load("node-tick", "node-tick.lua");
    static final LuaScript FORGET = LuaScript.load("node-forget", "node-forget.lua");
    static final LuaScript RELEASE = LuaScript.load("node-release", "node-release.lua");
    static final LuaScript LIVE = LuaScript.load("node-live", "node-live.lua");
    /** Most dead nodes one renewal reports; the rest are found at the next. */
    private static final int MOST_DEAD_PER_TICK = 8;

    /** The answer to a renewal: the incarnation that held the lease before (empty if it had lapsed), and dead nodes. */
    record Renewal(String previous, List<String> dead) {
    }

    private final RedisLink link;
    private final String prefix;
    private final String nodeId;
    private final String incarnation = UUID.randomUUID().toString();
    private final Duration lease;
    private final Duration stateTtl;

    NodeLease(RedisLink link, String prefix, String nodeId, Duration lease, Duration resumeWindow) {
        this.link = link;
        this.prefix = prefix;
        this.nodeId = nodeId;
        this.lease = lease;
        // Long enough that only abandoned state ever expires: live owners refresh it every renewal,
        // and a dead node's held sessions keep theirs (nobody refreshes it) for their whole window.
        this.stateTtl = max(Duration.ofMinutes(5), lease.multipliedBy(30)).plus(resumeWindow);
    }

    String incarnation() {
        return incarnation;
    }

    /** How often the lease is renewed (and dead nodes looked for). */
    Duration renewPeriod() {
        return max(Duration.ofMillis(100), lease.dividedBy(3));
    }

    /** TTL of a node's transient state (members, registrations), refreshed while it lives. */
    Duration stateTtl() {
        return stateTtl;
    }

    Mono<Renewal> renew() {
        return link.evalKeys(TICK, keys(nodeId), prefix, nodeId, incarnation, Long.toString(lease.toMillis()),
                Long.toString(stateTtl.toMillis()), Long.toString(System.currentTimeMillis()),
                Integer.toString(MOST_DEAD_PER_TICK))
                .map(reply -> {
                    List<String> dead = new ArrayList<>();
                    for (int i = 1; i < reply.size(); i++) {
                        dead.add(String.valueOf(reply.get(i)));
                    }
                    return new Renewal(reply.isEmpty() ? "" : String.valueOf(reply.get(0)), dead);
                });
    }

    /** Drops {@code node} from the registry once its state is reaped (unless its lease is back). */
    Mono<Void> forget(String node) {
        return link.evalKeys(FORGET, keys(node), prefix, node).then();
    }

    /** The nodes holding a lease now (for scripts that may not read the leases on a Cluster). */
    Mono<List<String>> live() {
        return link.evalKeys(LIVE, new String[] {prefix + "nodes"}, prefix).map(reply -> {
            List<String> nodes = new ArrayList<>(reply.size());
            reply.forEach(node -> nodes.add(String.valueOf(node)));
            return nodes;
        });
    }

    /** Gives up this node's lease (graceful stop), so its state can be reaped at once. */
    Mono<Void> release() {
        return link.evalKeys(RELEASE, keys(nodeId), prefix, nodeId, incarnation).then();
    }

    /**
     * Before this process first takes the lease: removes a lease an earlier process with the same
     * node id left; answers that process's incarnation, or empty when there was none.
     */
    Mono<String> evictEarlier() {
        return link.evalKeys(RELEASE, keys(nodeId), prefix, nodeId, "")
                .map(reply -> reply.isEmpty() ? "" : String.valueOf(reply.get(0)));
    }

    /**
     * The keys the lease scripts declare: {@code node}'s lease and the registry (the other leases
     * node-tick reads are in the same slot: on a Cluster the prefix ends in {@code {nodes}}, KeySlots).
     */
    private String[] keys(String node) {
        return new String[] {prefix + "node-lease:" + node, prefix + "nodes"};
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
