package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.core.backplane.Backplane;
import dev.signals.server.config.SignalConfig;
import dev.signals.server.metrics.Metrics;
import dev.signals.server.testing.RedisProcess;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The backplane contract on one Redis; with a Cluster's names on a one-node Cluster, where a node
 * listens only on its sharded channels of every slot, so a message arrives only if it was
 * SPUBLISHed to the channel of its entity's slot; and on a Cluster of three masters, where those
 * channels and the scripts travel on one connection per master (docs/cluster.md "Redis Cluster").
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(RedisStoreFixture.Kind.class)
class RedisBackplaneTest extends BackplaneContract {
    @RegisterExtension
    static final RedisStoreFixture redis = new RedisStoreFixture();
    @Parameter
    RedisStoreFixture.Kind kind;

    @Override
    Backplane backplane(String nodeId) throws Exception {
        RedisBackplane bp = new RedisBackplane(new SignalConfig.Redis(redis.process(kind).address(),
                RedisProcess.uniquePrefix(), Duration.ofSeconds(2), Duration.ZERO), nodeId, new Metrics(), kind.slots);
        bp.start();
        assertTrue(bp.awaitUp(Duration.ofSeconds(30)), "the backplane comes up");
        return bp;
    }
}
