package dev.signals.server.testing;

import java.io.IOException;
import java.util.List;

/**
 * A real Redis deployment a test runs nodes on (docs/cluster.md): one {@code redis-server}, a
 * primary and replica under Sentinels, or a Redis Cluster of three masters and three replicas.
 * Commands go to whichever server holds the data now.
 */
public interface RedisTopology extends AutoCloseable {

    /** The kinds of deployment the clustered tests run over. */
    enum Kind {
        SINGLE, SENTINEL, CLUSTER;

        /**
         * Starts a fresh deployment of this kind on free loopback ports; a Cluster, slower to start,
         * is the JVM's {@linkplain RedisClusterTopology#shared() shared} one (tests keep apart by
         * key prefix).
         */
        public RedisTopology start() {
            return this == SINGLE ? RedisProcess.start() : this == SENTINEL ? RedisSentinelTopology.start()
                    : RedisClusterTopology.shared();
        }
    }

    /** The value for {@code --redis-addr}. */
    String address();

    /** One command on the server holding the data (the primary), answered as {@link RedisProcess#command}. */
    Object command(String... args) throws IOException;

    /** The keys under {@code prefix} (via KEYS: tests only). */
    @SuppressWarnings("unchecked")
    default List<String> keys(String prefix) throws IOException {
        return (List<String>) (List<?>) command("KEYS", prefix + "*");
    }

    @Override
    void close();
}
