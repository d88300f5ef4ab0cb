package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.core.backplane.BackplaneEvent;
import dev.signals.server.config.SignalConfig;
import dev.signals.server.metrics.Metrics;
import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.RedisTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Nodes of the contract suites' Redis side (docs/cluster.md "Contract suites"): backplanes on one
 * real {@code redis-server} sharing one key prefix, each with the store a test asks for registered
 * before it starts, and the messages its dialect listeners receive recorded. One per test; closed after it.
 */
final class RedisStoreNodes implements AutoCloseable {
    private final RedisTopology redis;
    private final String prefix = RedisProcess.uniquePrefix();
    private final List<RedisBackplane> started = new ArrayList<>();
    private final Map<String, RedisBackplane> byId = new HashMap<>();
    private final KeySlots slots;
    private Duration lease = Duration.ofSeconds(10);

    RedisStoreNodes(RedisTopology redis) {
        this(redis, KeySlots.PLAIN);
    }

    RedisStoreNodes(RedisTopology redis, KeySlots slots) {
        this.redis = redis;
        this.slots = slots;
    }

    /** The key prefix every node of this test shares. */
    String prefix() {
        return prefix;
    }

    RedisTopology redis() {
        return redis;
    }

    /**
     * Starts node {@code nodeId} with the store {@code make} builds from its {@link RedisStores},
     * recording into {@code inbox} (when not null) every backplane message for {@code dialect}.
     */
    <S> S start(String nodeId, String dialect, List<String> inbox, Function<RedisStores, S> make) {
        return startOver(nodeId, dialect, inbox, bp -> make.apply(new RedisStores(bp)));
    }

    /** As {@link #start}, for a store made from the node's backplane itself (the session store). */
    <S> S startOver(String nodeId, String dialect, List<String> inbox, Function<RedisBackplane, S> make) {
        RedisBackplane bp = new RedisBackplane(new SignalConfig.Redis(redis.address(), prefix, lease,
                Duration.ZERO), nodeId, new Metrics(), slots);
        S store = make.apply(bp);
        if (inbox != null) {
            bp.register(dialect, event -> {
                if (event instanceof BackplaneEvent.Message) {
                    inbox.add(((BackplaneEvent.Message) event).payload());
                }
                return Mono.empty();
            });
        }
        started.add(bp);
        byId.put(nodeId, bp);
        bp.start();
        assertTrue(bp.awaitUp(Duration.ofSeconds(30)), "node " + nodeId + " comes up");
        return store;
    }

    /** The {@code --node-lease} of the nodes started from now on (10 s unless changed). */
    RedisStoreNodes lease(Duration lease) {
        this.lease = lease;
        return this;
    }

    /** Kills node {@code nodeId}: its lease and state stay in Redis until survivors reap them. */
    void kill(String nodeId) {
        RedisBackplane bp = byId.remove(nodeId);
        started.remove(bp);
        bp.crash();
    }

    /** Stops node {@code nodeId} gracefully: it gives up its lease and removes its state. */
    void stop(String nodeId) {
        RedisBackplane bp = byId.remove(nodeId);
        started.remove(bp);
        bp.close();
    }

    /** A fresh list for {@link #start}'s messages. */
    static List<String> inbox() {
        return new CopyOnWriteArrayList<>();
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        started.clear();
    }
}
