package dev.signals.server.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that run nodes sharing a real Redis (PROTOCOLS.md §6): one
 * {@code redis-server} per test class, a fresh key prefix per test, and everything a test opens
 * closed after it, newest first.
 */
public abstract class ClusteredTest {
    protected static RedisProcess redis;
    private final List<AutoCloseable> open = new ArrayList<>();
    protected String prefix;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
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

    /** A ready node {@code id} on the shared Redis, rate limits off, plus {@code flags}; closed after the test. */
    protected TestNode node(String id, String... flags) throws Exception {
        List<String> all = new ArrayList<>(List.of("--rate-limit", "0", "--http-rate-limit", "0"));
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
        for (String key : expected) {
            assertTrue(keys.contains(prefix + key), prefix + key + " missing from " + keys);
        }
        for (String key : keys) {
            long ttl = (Long) redis.command("PTTL", key);
            assertTrue(ttl > 0, key + " has no TTL (" + ttl + ")");
        }
    }

    /** Waits until {@code key} (under this test's prefix) no longer exists in {@code redis}. */
    protected void awaitGone(RedisProcess redis, String key) throws Exception {
        Await.until(prefix + key + " is gone", Duration.ofSeconds(10), () -> (Long) redis.command("EXISTS", prefix + key) == 0);
    }

    /** Waits until the admin path {@code path} of {@code node} answers {@code status}. */
    public static void awaitStatus(TestNode node, String path, int status) throws Exception {
        Await.matching(path + " answers " + status, Duration.ofSeconds(10), () -> node.adminGet(path).statusCode(), s -> s == status);
    }
}
