package dev.signals.server.redis;

import dev.signals.server.testing.RedisProcess;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Redis side of the contract suites (docs/cluster.md "Contract suites"): one real
 * {@code redis-server} per test class, and the {@link RedisStoreNodes} a test starts, closed after it.
 * Register as a {@code static} field with {@code @RegisterExtension}.
 */
final class RedisStoreFixture implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private RedisProcess redis;
    private RedisStoreNodes nodes;

    @Override
    public void beforeAll(ExtensionContext context) {
        redis = RedisProcess.start();
    }

    /** The class's {@code redis-server}. */
    RedisProcess process() {
        return redis;
    }

    /** Fresh nodes on a fresh key prefix for this test; closed after it. */
    RedisStoreNodes nodes() {
        closeNodes();
        nodes = new RedisStoreNodes(redis);
        return nodes;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeNodes();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        redis.close();
    }

    private void closeNodes() {
        if (nodes != null) {
            nodes.close();
            nodes = null;
        }
    }
}
