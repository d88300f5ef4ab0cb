package dev.signals.server.redis;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A dialect's share of Redis state that belongs to one node (room members, call sockets, domain
 * registrations...): kept alive while the node renews its lease, and removed — with the events
 * the dialect owes the survivors — when the node is found dead (docs/cluster.md). Implemented by
 * each dialect's Redis store and registered with {@link RedisBackplane#addState}.
 */
interface NodeState {

    /** The scripts this state runs, loaded into Redis whenever the link is (re)established. */
    List<LuaScript> scripts();

    /** Extends the TTLs of this node's keys; runs on every lease renewal. */
    Mono<Void> refresh();

    /**
     * Removes what {@code deadNode} held and tells the nodes concerned; completes when nothing is
     * left. Must be atomic per step and idempotent: several survivors may reap the same node.
     */
    Mono<Void> reap(String deadNode);
}
