package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.core.backplane.Backplane;
import dev.signals.server.config.SignalConfig;
import dev.signals.server.metrics.Metrics;
import dev.signals.server.testing.RedisProcess;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisBackplaneTest extends BackplaneContract {
    private static RedisProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    Backplane backplane(String nodeId) throws Exception {
        RedisBackplane bp = new RedisBackplane(new SignalConfig.Redis(redis.address(), RedisProcess.uniquePrefix(),
                Duration.ofSeconds(2), Duration.ZERO), nodeId, new Metrics());
        bp.start();
        assertTrue(bp.awaitUp(Duration.ofSeconds(30)), "the backplane comes up");
        return bp;
    }
}
