package dev.signals.server.redis;

import dev.signals.server.testing.RedisClusterTopology;
import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.RedisTopology;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Redis side of the contract suites (docs/cluster.md "Contract suites"): one real
 * {@code redis-server} deployment per {@link Kind}, started when first asked for, and the
 * {@link RedisStoreNodes} a test starts, closed after it. Every test works under a fresh key
 * prefix, so the suites share each deployment for the whole test run (a Cluster of six takes
 * seconds to form); a class that breaks its deployment (kills a master, moves a slot) takes its
 * own with {@link #ownDeployments()}. Register as a {@code static} field with
 * {@code @RegisterExtension}; a suite runs on every kind as a {@code @ParameterizedClass} over
 * {@link Kind}.
 */
final class RedisStoreFixture implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    /** Where the stores' keys live. */
    enum Kind {
        /** One Redis, the names of docs/cluster.md "Key layout and TTLs". */
        PLAIN(KeySlots.PLAIN),
        /**
         * The names a Redis Cluster gets (KeySlots), on a one-node Cluster: Redis refuses any script
         * that touches keys of two slots (docs/cluster.md "Redis Cluster").
         */
        SLOTS(KeySlots.CLUSTER),
        /**
         * A Redis Cluster of three masters and their replicas: one connection per master, scripts
         * and sharded subscriptions routed by slot (docs/cluster.md "Redis Cluster").
         */
        CLUSTER(KeySlots.CLUSTER);

        final KeySlots slots;

        Kind(KeySlots slots) {
            this.slots = slots;
        }
    }

    private static final ExtensionContext.Namespace SHARED = ExtensionContext.Namespace.create(RedisStoreFixture.class);

    private final boolean shared;
    private final Map<Kind, RedisTopology> servers = new EnumMap<>(Kind.class);
    private ExtensionContext.Store run;
    private RedisTopology redis;

    /** Deployments shared with the run's other suites. */
    RedisStoreFixture() {
        this(true);
    }

    private RedisStoreFixture(boolean shared) {
        this.shared = shared;
    }

    /** Deployments of this class's own, closed after it: for a class that kills or reshards them. */
    static RedisStoreFixture ownDeployments() {
        return new RedisStoreFixture(false);
    }
    private RedisStoreNodes nodes;

    /** The {@code redis-server} of the last {@link #nodes} (the class's plain one before). */
    RedisTopology process() {
        return redis != null ? redis : server(Kind.PLAIN);
    }

    /** The class's {@code redis-server} of {@code kind}, started when first asked for. */
    RedisTopology process(Kind kind) {
        redis = server(kind);
        return redis;
    }

    /** Fresh nodes on a fresh key prefix for this test, on a one-Redis deployment; closed after it. */
    RedisStoreNodes nodes() {
        return nodes(Kind.PLAIN);
    }

    /** Fresh nodes on a fresh key prefix for this test, on {@code kind}; closed after it. */
    RedisStoreNodes nodes(Kind kind) {
        closeNodes();
        redis = server(kind);
        nodes = new RedisStoreNodes(redis, kind.slots);
        return nodes;
    }

    private RedisTopology server(Kind kind) {
        if (shared && kind == Kind.CLUSTER) {
            return RedisClusterTopology.shared(); // the flow suites' Cluster too
        }
        if (shared) {
            // Closed by JUnit when the whole run ends (the root store closes its CloseableResources).
            return run.getOrComputeIfAbsent(kind, k -> new Shared(start(kind)), Shared.class).topology();
        }
        return servers.computeIfAbsent(kind, RedisStoreFixture::start);
    }

    private static RedisTopology start(Kind kind) {
        return kind == Kind.PLAIN ? RedisProcess.start()
                : kind == Kind.SLOTS ? RedisProcess.oneNodeCluster() : RedisClusterTopology.start();
    }

    private record Shared(RedisTopology topology) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            topology.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        run = context.getRoot().getStore(SHARED);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeNodes();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        servers.values().forEach(RedisTopology::close);
        servers.clear();
    }

    private void closeNodes() {
        if (nodes != null) {
            nodes.close();
            nodes = null;
        }
    }
}
