package dev.signals.server.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a dialect flow test runs (docs/cluster.md "Contract suites"): one standalone node, or two
 * nodes sharing a real Redis of one {@link RedisTopology.Kind}. A new topology is one more constant.
 */
public enum Deployment {
    ONE_NODE(null, false),
    TWO_NODES_OVER_REDIS(RedisTopology.Kind.SINGLE, false),
    TWO_NODES_OVER_SENTINEL(RedisTopology.Kind.SENTINEL, false),
    /**
     * Two nodes with a Redis Cluster's key names and sharded channels on a one-node Cluster, where
     * Redis refuses a script that leaves its slot (docs/cluster.md "Redis Cluster"): the backplane's
     * slot discipline end to end, until it runs on a Cluster of several masters.
     */
    TWO_NODES_OVER_ONE_NODE_CLUSTER(null, true);

    private final RedisTopology.Kind redis;
    private final boolean clusterNames;

    Deployment(RedisTopology.Kind redis, boolean clusterNames) {
        this.redis = redis;
        this.clusterNames = clusterNames;
    }

    /** The Redis deployment this one needs, started; {@code null} for one node. */
    RedisTopology startRedis() {
        return clusterNames ? RedisProcess.oneNodeCluster() : redis == null ? null : redis.start();
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
                    String[] all = deployment.clusterNames ? withoutSessions(flags) : flags;
                    nodes.add(TestNode.clustered(deployment.clusterNames, redis.address(), prefix, "one", all));
                    nodes.add(TestNode.clustered(deployment.clusterNames, redis.address(), prefix, "two", all));
                }
            } catch (Exception | Error e) {
                close();
                throw e;
            }
        }

        /**
         * {@code flags} after {@code --resume-window 0}: on a Cluster sessions are refused until their
         * scripts keep to one slot (docs/cluster.md "Redis Cluster", docs/resume.md).
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
