package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.core.room.RoomDirectory;
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
 * A node's room members spread over slots (docs/cluster.md "Redis Cluster"): re-sync and a
 * graceful stop each visit every slot the node has members in, with the lease checks made by the
 * node where scripts cannot read the leases. On one Redis and, with a Cluster's key names, on a
 * one-node Cluster, where Redis refuses any script that leaves its slot.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(RedisStoreFixture.Kind.class)
class RedisRoomSlotsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @RegisterExtension
    static final RedisStoreFixture redis = new RedisStoreFixture();
    @Parameter
    RedisStoreFixture.Kind kind;

    @Test
    void resyncSettlesDeparturesAndReAddsWhatIsMissing() throws Exception {
        RedisStoreNodes nodes = redis.nodes(kind);
        RoomDirectory a = nodes.start("a", "room", null, stores -> stores.rooms(0));
        RoomDirectory b = nodes.start("b", "room", null, stores -> stores.rooms(0));
        for (int i = 0; i < 12; i++) {
            assertTrue(a.join("r" + i, "a" + i).block(WAIT).members().size() == 1);
        }
        b.join("r0", "b0").block(WAIT);
        redis.process().command("DEL", kind.slots.of(nodes.prefix(), "r5") + "room-members:r5",
                kind.slots.of(nodes.prefix(), "r5") + "room-nodes:r5");
        Map<String, String> live = new LinkedHashMap<>();
        Map<String, String> departed = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            (i < 4 ? departed : live).put("a" + i, "r" + i);
        }

        Map<String, List<RoomDirectory.Entry>> rooms = a.sync(live, departed).block(WAIT);
        assertEquals(8, rooms.size(), "one answer per live room");
        assertEquals(List.of(new RoomDirectory.Entry("a5", "a")), rooms.get("r5"), "the lost member is back");
        Set<String> expected = new TreeSet<>(Set.of("r0=b0@b"));
        for (int i = 4; i < 12; i++) {
            expected.add("r" + i + "=a" + i + "@a");
        }
        assertEquals(expected, members(nodes));
    }

    @Test
    void aStoppingNodeTakesItsMembersOutOfEverySlot() throws Exception {
        RedisStoreNodes nodes = redis.nodes(kind);
        RoomDirectory a = nodes.start("a", "room", null, stores -> stores.rooms(0));
        RoomDirectory b = nodes.start("b", "room", null, stores -> stores.rooms(0));
        for (int i = 0; i < 12; i++) {
            a.join("r" + i, "a" + i).block(WAIT);
        }
        b.join("r3", "b3").block(WAIT);

        nodes.stop("a");
        Await.until("a's members are gone", WAIT, () -> members(nodes).equals(Set.of("r3=b3@b")));
    }

    @Test
    void aMembersNodeHearsJoinsAndLeavesOnItsChannelOfTheRoomsSlot() throws Exception {
        RedisStoreNodes nodes = redis.nodes(kind);
        List<String> heard = RedisStoreNodes.inbox();
        RoomDirectory a = nodes.start("a", "room", heard, stores -> stores.rooms(0));
        RoomDirectory b = nodes.start("b", "room", null, stores -> stores.rooms(0));
        a.join("r", "x").block(WAIT);

        b.join("r", "y").block(WAIT);
        b.join("s", "y").block(WAIT);
        Await.until("a heard y join and leave r", WAIT, () -> heard.size() >= 2);
        assertEquals(List.of("[\"j\",\"r\",\"y\",\"b\"]", "[\"l\",\"r\",\"y\"]"), heard);
        assertEquals(Set.of("r=x@a", "s=y@b"), members(nodes));
    }

    @Test
    void aDeadNodesMembersAreReapedFromEverySlotAndTheirRoomsTold() throws Exception {
        RedisStoreNodes nodes = redis.nodes(kind).lease(Duration.ofSeconds(1));
        List<String> heard = RedisStoreNodes.inbox();
        RoomDirectory a = nodes.start("a", "room", null, stores -> stores.rooms(0));
        RoomDirectory b = nodes.start("b", "room", heard, stores -> stores.rooms(0));
        for (int i = 0; i < 12; i++) {
            a.join("r" + i, "a" + i).block(WAIT);
        }
        b.join("r3", "b3").block(WAIT);
        b.join("r7", "b7").block(WAIT);

        nodes.kill("a");
        Await.until("a's members are reaped", WAIT, () -> members(nodes).equals(Set.of("r3=b3@b", "r7=b7@b")));
        Await.until("b heard both of its rooms lose a's member", WAIT, () -> heard.size() >= 2);
        assertEquals(Set.of("[\"l\",\"r3\",\"a3\"]", "[\"l\",\"r7\",\"a7\"]"), new TreeSet<>(heard));
    }

    /** {@code room=client@node} for every member under the test's prefix, whatever its slot. */
    private static Set<String> members(RedisStoreNodes nodes) throws Exception {
        Set<String> out = new TreeSet<>();
        for (String key : redis.process().keys(nodes.prefix())) {
            int at = key.indexOf("room-nodes:");
            if (at >= 0) {
                @SuppressWarnings("unchecked")
                List<Object> flat = (List<Object>) redis.process().command("HGETALL", key);
                for (int i = 0; i + 1 < flat.size(); i += 2) {
                    out.add(key.substring(at + "room-nodes:".length()) + "=" + flat.get(i) + "@" + flat.get(i + 1));
                }
            }
        }
        return out;
    }
}
