package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.core.domain.DomainDirectory;
import dev.signals.server.testing.Await;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node's domain state spread over slots (docs/cluster.md "Redis Cluster"): re-sync, a graceful
 * stop and reaping each visit every slot the node holds domains in, with the lease checks made by
 * the node where scripts cannot read the leases. On one Redis and, with a Cluster's key names, on
 * a one-node Cluster, where Redis refuses any script that leaves its slot.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(RedisStoreFixture.Kind.class)
class RedisDomainSlotsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @RegisterExtension
    static final RedisStoreFixture redis = new RedisStoreFixture();
    @Parameter
    RedisStoreFixture.Kind kind;

    @Test
    void resyncDropsWhatIsGoneAndKeepsWhatALiveNodeTook() throws Exception {
        RedisStoreNodes nodes = redis.nodes(kind);
        DomainDirectory a = nodes.start("a", "domain", null, RedisStores::domains);
        DomainDirectory b = nodes.start("b", "domain", null, RedisStores::domains);
        for (int i = 0; i < 12; i++) {
            a.claim("d" + i, "c" + i).block(WAIT);
        }
        b.claim("d11", "cb").block(WAIT);
        Map<String, String> live = new LinkedHashMap<>();
        for (int i = 6; i < 12; i++) {
            live.put("d" + i, "c" + i);
        }
        live.put("fresh", "cf");

        assertEquals(List.of("d11"), a.sync(live).block(WAIT), "b holds d11 and is alive: it stays b's");
        Set<String> expected = new TreeSet<>();
        for (int i = 6; i < 11; i++) {
            expected.add("d" + i + "=a c" + i);
        }
        expected.add("fresh=a cf");
        expected.add("d11=b cb");
        assertEquals(expected, holders(nodes));
    }

    @Test
    void aStoppingNodeRemovesItsDomainsFromEverySlot() throws Exception {
        RedisStoreNodes nodes = redis.nodes(kind);
        DomainDirectory a = nodes.start("a", "domain", null, RedisStores::domains);
        DomainDirectory b = nodes.start("b", "domain", null, RedisStores::domains);
        for (int i = 0; i < 12; i++) {
            a.claim("d" + i, "c" + i).block(WAIT);
        }
        b.claim("kept", "cb").block(WAIT);
        assertEquals(13, holders(nodes).size());

        nodes.stop("a");
        Await.until("a's domains are gone", WAIT, () -> holders(nodes).equals(Set.of("kept=b cb")));
        assertTrue(redis.process().keys(nodes.prefix()).stream().noneMatch(k -> k.contains("node-domains:a")),
                "a's indexes are gone too");
    }

    @Test
    void theHoldersNodeHearsOnItsChannelOfTheDomainsSlot() throws Exception {
        RedisStoreNodes nodes = redis.nodes(kind);
        List<String> heard = RedisStoreNodes.inbox();
        DomainDirectory a = nodes.start("a", "domain", heard, RedisStores::domains);
        DomainDirectory b = nodes.start("b", "domain", null, RedisStores::domains);
        a.claim("d", "ca").block(WAIT);

        assertEquals(DomainDirectory.Routed.SENT, b.route("d", "[\"m\",\"d\",\"offer\",\"{}\"]", "").block(WAIT));
        b.claim("d", "cb").block(WAIT);
        Await.until("a heard the frame, then that its socket was replaced", WAIT, () -> heard.size() >= 2);
        assertEquals(List.of("[\"m\",\"d\",\"offer\",\"{}\"]", "[\"c\",\"d\",\"ca\"]"), heard);
    }

    /** {@code domain=holder} for every domain key under the test's prefix, whatever its slot. */
    private static Set<String> holders(RedisStoreNodes nodes) throws Exception {
        Set<String> out = new TreeSet<>();
        for (String key : redis.process().keys(nodes.prefix())) {
            int at = key.indexOf("domain:");
            if (at >= 0 && !key.contains("node-domains:")) {
                out.add(key.substring(at + "domain:".length()) + "=" + redis.process().command("GET", key));
            }
        }
        return out;
    }
}
