package dev.signals.server.redis;

import dev.signals.core.call.CallDirectory;
import dev.signals.core.call.CallMessage;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SeatContract} on {@link RedisCallDirectory}'s scripts, on one real {@code redis-server} per
 * class: a seat is taken by {@code seat}, checked by {@code signal} (the check a POST /signal makes;
 * with no socket in the call it is published to nobody) and renewed by {@code renew}. Runs on
 * one Redis and, with a Cluster's key names, on a one-node Cluster (every script in one slot).
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(RedisStoreFixture.Kind.class)
class RedisSeatContractTest extends SeatContract {
    @RegisterExtension
    static final RedisStoreFixture redis = new RedisStoreFixture();
    @Parameter
    RedisStoreFixture.Kind kind;
    private RedisStoreNodes nodes;

    @Override
    Seats seats(int count, Duration timeout) {
        nodes = redis.nodes(kind);
        CallDirectory calls = nodes.start("n1", "call", null,
                stores -> stores.calls(new CallDirectory.Settings(count, timeout, true)));
        Duration wait = Duration.ofSeconds(5);
        return new Seats() {
            @Override
            public boolean take(String call, String session) {
                return calls.seat(call, session).block(wait);
            }

            @Override
            public boolean seated(String call, String session) {
                return calls.signal(new CallMessage.Signal(call, session, CallMessage.Kind.OFFER, "{}"), "{}").block(wait);
            }

            @Override
            public boolean renew(String call, String session) {
                return calls.renew(call, session).block(wait);
            }
        };
    }

    /** The state TTL of a node with RedisStoreNodes' 10 s lease: five minutes (NodeLease). */
    @Override
    Duration idleBound() {
        return Duration.ofMinutes(5);
    }

    /** What is left of the TTL of {@code call-seats:<call>} (layout in docs/cluster.md). */
    @Override
    Duration idleBoundLeft(String call) throws Exception {
        return Duration.ofMillis((Long) redis.process().command("PTTL", kind.slots.of(nodes.prefix(), call) + "call-seats:" + call));
    }
}
