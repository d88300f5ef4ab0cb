package dev.signals.server.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a dialect flow test runs (docs/cluster.md "Contract suites"): one standalone node, or two
 * nodes sharing a real Redis of one {@link RedisTopology.Kind}. A new topology is one more constant.
 */
public enum Deployment {
    ONE_NODE(null),
    TWO_NODES_OVER_REDIS(RedisTopology.Kind.SINGLE),
    TWO_NODES_OVER_SENTINEL(RedisTopology.Kind.SENTINEL);

    private final RedisTopology.Kind redis;

    Deployment(RedisTopology.Kind redis) {
        this.redis = redis;
    }

    /** The Redis deployment this one needs, started; {@code null} for one node. */
    RedisTopology startRedis() {
        return redis == null ? null : redis.start();
    }

    /** The nodes of one deployment, under one key prefix of {@code redis}; node {@code i} serves client {@code i}. */
    static final class Nodes implements AutoCloseable {
        private final List<TestNode> nodes = new ArrayList<>();

        Nodes(RedisTopology redis, String... flags) throws Exception {
            try {
                if (redis == null) {
                    nodes.add(TestNode.start(flags));
                } else {
                    String prefix = RedisProcess.uniquePrefix();
                    nodes.add(TestNode.clustered(redis.address(), prefix, "one", flags));
                    nodes.add(TestNode.clustered(redis.address(), prefix, "two", flags));
                }
            } catch (Exception | Error e) {
                close();
                throw e;
            }
        }

        /** The node serving the {@code i}-th client: clients alternate over the nodes. */
        TestNode node(int i) {
            return nodes.get(Math.floorMod(i, nodes.size()));
        }

        @Override
        public void close() {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).close();
            }
            nodes.clear();
        }
    }
}
