package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.core.call.CallDirectory;
import dev.signals.server.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node's call sockets spread over slots (docs/cluster.md "Redis Cluster"): re-sync, a graceful
 * stop and the sweep of socketless seats each visit every slot concerned, with the lease checks
 * made by the node where scripts cannot read the leases. On one Redis and, with a Cluster's key
 * names, on a one-node Cluster, where Redis refuses any script that leaves its slot.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(RedisStoreFixture.Kind.class)
class RedisCallSlotsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @RegisterExtension
    static final RedisStoreFixture redis = new RedisStoreFixture();
    @Parameter
    RedisStoreFixture.Kind kind;

    private static CallDirectory start(RedisStoreNodes nodes, String id, Duration seatTimeout) {
        return nodes.start(id, "call", null, stores -> stores.calls(new CallDirectory.Settings(0, seatTimeout, true)));
    }

    @Test
    void resyncEndsWhatIsGoneAndYieldsToALiveNode() throws Exception {
        RedisStoreNodes nodes = redis.nodes(kind);
        CallDirectory a = start(nodes, "a", Duration.ofMinutes(1));
        CallDirectory b = start(nodes, "b", Duration.ofMinutes(1));
        seatAndAttachTwelve(a);
        assertTrue(b.attach("call11", "s11", "cb").block(WAIT), "b's socket replaces a's");
        List<CallDirectory.Socket> live = new ArrayList<>();
        for (int i = 6; i < 12; i++) {
            live.add(new CallDirectory.Socket("call" + i, "s" + i, "ca" + i));
        }

        assertEquals(List.of(new CallDirectory.Socket("call11", "s11", "ca11")), a.sync(live).block(WAIT));
        Set<String> expected = new TreeSet<>();
        for (int i = 6; i < 11; i++) {
            expected.add("call" + i + "/s" + i + "=a ca" + i);
        }
        expected.add("call11/s11=b cb");
        assertEquals(expected, sockets(nodes));
    }

    @Test
    void aStoppingNodeEndsItsSocketsInEverySlot() throws Exception {
        RedisStoreNodes nodes = redis.nodes(kind);
        CallDirectory a = start(nodes, "a", Duration.ofMinutes(1));
        CallDirectory b = start(nodes, "b", Duration.ofMinutes(1));
        seatAndAttachTwelve(a);
        assertTrue(b.seat("kept", "sb").block(WAIT));
        assertTrue(b.attach("kept", "sb", "cb").block(WAIT));

        nodes.stop("a");
        Await.until("a's sockets are gone", WAIT, () -> sockets(nodes).equals(Set.of("kept/sb=b cb")));
    }

    @Test
    void socketlessSeatsLapseInEverySlot() throws Exception {
        RedisStoreNodes nodes = redis.nodes(kind);
        CallDirectory a = start(nodes, "a", Duration.ofMillis(300));
        for (int i = 0; i < 12; i++) {
            assertTrue(a.seat("call" + i, "s" + i).block(WAIT));
        }
        assertEquals(12, sockets(nodes).size());
        Await.until("every socketless session is ended", WAIT, () -> {
            a.sweep().block(WAIT);
            return sockets(nodes).isEmpty();
        });
    }

    /** {@code call/session=holder} for every live session under the test's prefix, whatever its slot. */
    private static Set<String> sockets(RedisStoreNodes nodes) throws Exception {
        Set<String> out = new TreeSet<>();
        for (String key : redis.process().keys(nodes.prefix())) {
            int at = key.indexOf("call-live:");
            if (at >= 0) {
                @SuppressWarnings("unchecked")
                List<Object> flat = (List<Object>) redis.process().command("HGETALL", key);
                for (int i = 0; i + 1 < flat.size(); i += 2) {
                    out.add(key.substring(at + "call-live:".length()) + "/" + flat.get(i) + "=" + flat.get(i + 1));
                }
            }
        }
        return out;
    }

    /** Sessions s0..s11 seated in calls call0..call11 (spread over slots) with sockets ca0..ca11 on {@code a}. */
    private static void seatAndAttachTwelve(CallDirectory a) {
        for (int i = 0; i < 12; i++) {
            assertTrue(a.seat("call" + i, "s" + i).block(WAIT));
            assertTrue(a.attach("call" + i, "s" + i, "ca" + i).block(WAIT));
        }
    }
}
