package dev.signals.server.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Base of the tests that run nodes sharing a real Redis (docs/cluster.md): every test class runs
 * once per {@link RedisTopology.Kind} — a single {@code redis-server}, a primary and replica under
 * Sentinels, then a Redis Cluster of three masters and three replicas (its nodes with sessions off,
 * docs/cluster.md#redis-cluster) — with the deployment started once per class and run, a fresh key
 * prefix per test, and everything a test opens closed after it, newest first. Tests name keys as
 * docs/cluster.md "Key layout and TTLs" does; {@link #key} and {@link #plainKeys} find them on a
 * Cluster, where they carry their slot's hash tag.
 */
@ParameterizedClass(name = "over {0} Redis")
@MethodSource("topologies")
public abstract class ClusteredTest {
    protected static RedisTopology redis;
    private final List<AutoCloseable> open = new ArrayList<>();
    @Parameter
    protected RedisTopology.Kind topology;
    protected String prefix;

    @BeforeParameterizedClassInvocation
    static void startRedis(RedisTopology.Kind kind) {
        redis = kind.start();
    }

    @AfterParameterizedClassInvocation
    static void stopRedis() {
        redis.close();
    }

    /**
     * For {@code @EnabledIf}: tests that start a Redis of their own (outages) say the same thing
     * over every topology, so they run once, in the single-Redis run.
     */
    public static boolean overSingleRedis() {
        return redis instanceof RedisProcess;
    }

    @BeforeEach
    void newPrefix() {
        prefix = RedisProcess.uniquePrefix();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }

    /**
     * The deployments a class runs over: all three. A class hides this with a static method of
     * the same name to run over fewer (sessions, which do not run on a Redis Cluster yet,
     * docs/cluster.md#redis-cluster).
     */
    protected static Stream<RedisTopology.Kind> topologies() {
        return Stream.of(RedisTopology.Kind.values());
    }

    /** Whether this run is over a Redis Cluster, whose nodes run with sessions off. */
    public static boolean overCluster() {
        return redis instanceof RedisClusterTopology;
    }

    /** A ready node {@code id} on the shared Redis, rate limits off, plus {@code flags}; closed after the test. */
    protected TestNode node(String id, String... flags) throws Exception {
        List<String> all = new ArrayList<>(List.of("--rate-limit", "0", "--http-rate-limit", "0"));
        if (overCluster()) {
            all.addAll(List.of("--resume-window", "0"));
        }
        all.addAll(List.of(flags));
        return track(TestNode.clustered(redis.address(), prefix, id, all.toArray(String[]::new)));
    }

    /** Closes {@code closeable} after the test. */
    protected <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    /** Every key under this test's prefix has a TTL, and each of {@code expected} is among them. */
    protected void assertEveryKeyHasATtl(String... expected) throws Exception {
        List<String> keys = redis.keys(prefix);
        List<String> plain = plainKeys();
        for (String key : expected) {
            assertTrue(plain.contains(prefix + key), prefix + key + " missing from " + keys);
        }
        for (String key : keys) {
            long ttl = (Long) redis.command("PTTL", key);
            assertTrue(ttl > 0, key + " has no TTL (" + ttl + ")");
        }
    }

    /** Waits until {@code key} (under this test's prefix) no longer exists in {@code redis}. */
    protected void awaitGone(RedisTopology redis, String key) throws Exception {
        Await.until(prefix + key + " is gone", Duration.ofSeconds(10),
                () -> (Long) redis.command("EXISTS", key(redis, prefix, key)) == 0);
    }

    /** The name Redis holds {@code key} (under this test's prefix) by: see {@link #key(RedisTopology, String, String)}. */
    protected String key(String key) throws IOException {
        return key(redis, prefix, key);
    }

    /**
     * The name {@code redis} holds {@code key} under {@code prefix} by: {@code prefix + key}, or on
     * a Redis Cluster the key of that name with its slot's hash tag after the prefix
     * ({@code P{<tag>}room-members:r}, docs/cluster.md "Redis Cluster"), found among the keys there
     * ({@code prefix + key} when there is none). An index kept per slot has several: the first.
     */
    public static String key(RedisTopology redis, String prefix, String key) throws IOException {
        if (!(redis instanceof RedisClusterTopology)) {
            return prefix + key;
        }
        for (String k : redis.keys(prefix)) {
            if (plain(prefix, k).equals(prefix + key)) {
                return k;
            }
        }
        return prefix + key;
    }

    /** The keys under this test's prefix by their names without a Cluster's hash tag (several per-slot indexes: one name each time). */
    protected List<String> plainKeys() throws IOException {
        List<String> out = new ArrayList<>();
        for (String k : redis.keys(prefix)) {
            out.add(plain(prefix, k));
        }
        return out;
    }

    private static String plain(String prefix, String key) {
        int close = key.indexOf('}');
        return key.startsWith(prefix + "{") && close > 0 ? prefix + key.substring(close + 1) : key;
    }

    /** Waits until the admin path {@code path} of {@code node} answers {@code status}. */
    public static void awaitStatus(TestNode node, String path, int status) throws Exception {
        Await.matching(path + " answers " + status, Duration.ofSeconds(10), () -> node.adminGet(path).statusCode(), s -> s == status);
    }
}
