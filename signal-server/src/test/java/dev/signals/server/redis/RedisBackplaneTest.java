package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.core.backplane.Backplane;
import dev.signals.server.config.SignalConfig;
import dev.signals.server.metrics.Metrics;
import dev.signals.server.testing.RedisProcess;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisBackplaneTest extends BackplaneContract {
    @RegisterExtension
    static final RedisStoreFixture redis = new RedisStoreFixture();

    @Override
    Backplane backplane(String nodeId) throws Exception {
        RedisBackplane bp = new RedisBackplane(new SignalConfig.Redis(redis.process().address(), RedisProcess.uniquePrefix(),
                Duration.ofSeconds(2), Duration.ZERO), nodeId, new Metrics());
        bp.start();
        assertTrue(bp.awaitUp(Duration.ofSeconds(30)), "the backplane comes up");
        return bp;
    }
}
