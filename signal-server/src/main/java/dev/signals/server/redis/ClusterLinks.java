package dev.signals.server.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.api.reactive.RedisPubSubReactiveCommands;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Redis Cluster side of {@link RedisLink} (docs/cluster.md "Redis Cluster"): a cluster client
 * whose pub/sub connection holds one connection per master, routes each script by its first
 * declared key and each {@code SSUBSCRIBE} by its channel's slot to that master's connection, so
 * a script's announcements reach the node before its answer, and follows {@code MOVED} with a
 * topology refresh that gives up on a dead master quickly.
 */
final class ClusterLinks {
    /** A refresh must not wait long on a killed master's handshake (docs/cluster.md "Redis Cluster"). */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private ClusterLinks() {
    }

    /** A cluster client on the seed nodes of {@code address}, with the link's options. */
    static RedisClusterClient client(ClientResources resources, RedisAddress address, Duration commandTimeout,
                                     int requestQueue) {
        List<RedisURI> seeds = new ArrayList<>();
        address.endpoints().forEach(e -> {
            RedisURI.Builder b = RedisURI.builder().withHost(e.host()).withPort(e.port()).withSsl(address.tls())
                    .withTimeout(commandTimeout);
            RedisLink.credentials(b, address);
            seeds.add(b.build());
        });
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        ClusterClientOptions.Builder options = ClusterClientOptions.builder();
        options.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                .enableAllAdaptiveRefreshTriggers()
                .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
                .enablePeriodicRefresh(Duration.ofSeconds(5))
                .build());
        RedisLink.linkOptions(options, CONNECT_TIMEOUT, commandTimeout, requestQueue);
        client.setOptions(options.build());
        return client;
    }

    /**
     * {@code each} run on every serving master's connection of {@code c}, one master after the
     * other. The connection is looked up by host and port, as Lettuce routes a command by slot: by
     * node id it would be a second connection to the same master, and the routed one would still be
     * opening when the first command arrives ("Currently not connected").
     */
    static <T> Flux<T> perMaster(StatefulRedisClusterPubSubConnection<String, String> c,
                                 Function<RedisPubSubReactiveCommands<String, String>, Flux<T>> each) {
        List<RedisURI> masters = new ArrayList<>();
        for (RedisClusterNode node : c.getPartitions()) {
            if (serving(node)) {
                masters.add(node.getUri());
            }
        }
        return Flux.fromIterable(masters).concatMap(uri -> Mono.fromFuture(() -> c.getConnectionAsync(uri.getHost(), uri.getPort()))
                .flatMapMany(node -> each.apply(node.reactive())));
    }

    /** A master with slots; a failed master keeps its flag until it is forgotten, and serves nothing. */
    static boolean serving(RedisClusterNode node) {
        return node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.is(RedisClusterNode.NodeFlag.FAIL)
                && !node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL) && !node.hasNoSlots();
    }

    /**
     * The master serving each slot now, by its {@code host:port}, or {@code null} when a slot has no
     * serving master (docs/cluster.md "Redis Cluster": readiness).
     */
    static Set<String> mastersOfEverySlot(StatefulRedisClusterPubSubConnection<String, String> c) {
        Partitions partitions = c.getPartitions();
        Set<String> masters = new HashSet<>();
        for (int slot = 0; slot < SlotHash.SLOT_COUNT; slot++) {
            RedisClusterNode node = partitions.getMasterBySlot(slot);
            if (node == null || !serving(node)) {
                return null;
            }
            masters.add(EndpointMeters.name(node.getUri().getHost(), node.getUri().getPort()));
        }
        return masters;
    }

    /** The {@code host:port} of the master serving {@code key}'s slot, or {@code null} if none is known. */
    static String masterOf(StatefulRedisClusterPubSubConnection<String, String> c, String key) {
        RedisClusterNode node = c.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
        return node == null ? null : EndpointMeters.name(node.getUri().getHost(), node.getUri().getPort());
    }
}
