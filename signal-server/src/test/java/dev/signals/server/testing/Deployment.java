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
    TWO_NODES_OVER_SENTINEL(RedisTopology.Kind.SENTINEL),
    /**
     * Two nodes on a Redis Cluster of three masters and three replicas, given as a
     * {@code redis-cluster://} address, with sessions off (docs/cluster.md#redis-cluster).
     */
    TWO_NODES_OVER_CLUSTER(RedisTopology.Kind.CLUSTER);

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

        Nodes(Deployment deployment, RedisTopology redis, String... flags) throws Exception {
            try {
                if (redis == null) {
                    nodes.add(TestNode.start(flags));
                } else {
                    String prefix = RedisProcess.uniquePrefix();
                    String[] all = deployment.redis == RedisTopology.Kind.CLUSTER ? withoutSessions(flags) : flags;
                    nodes.add(TestNode.clustered(redis.address(), prefix, "one", all));
                    nodes.add(TestNode.clustered(redis.address(), prefix, "two", all));
                }
            } catch (Exception | Error e) {
                close();
                throw e;
            }
        }

        /**
         * {@code flags} after {@code --resume-window 0}: a node given a Cluster refuses to start with
         * sessions on until their scripts keep to one slot (docs/cluster.md#redis-cluster).
         */
        private static String[] withoutSessions(String... flags) {
            List<String> all = new ArrayList<>(List.of("--resume-window", "0"));
            all.addAll(List.of(flags));
            return all.toArray(String[]::new);
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
