package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.RedisProcess;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Slot tags (docs/cluster.md "Redis Cluster"): every slot has a tag that hashes to it, and a key
 * named by {@link KeySlots} lands in its entity's slot as a real Cluster node computes it, whatever
 * braces the entity's id contains.
 */
class KeySlotsTest {

    @Test
    void crc16IsRedisCluster() {
        // The check value of CRC16/XMODEM, the one the Redis Cluster specification names.
        assertEquals(0x31C3, SlotTags.crc16("123456789".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everySlotHasItsOwnShortTag() {
        Set<String> seen = new HashSet<>();
        for (int s = 0; s < SlotTags.SLOTS; s++) {
            String tag = SlotTags.tag(s);
            assertEquals(s, SlotTags.slot(tag), tag);
            assertTrue(tag.length() <= 3 && tag.chars().allMatch(Character::isLetterOrDigit), tag);
            assertTrue(seen.add(tag), tag);
        }
    }

    @Test
    void plainNamesCarryNoSuffix() {
        assertEquals("p:", KeySlots.PLAIN.of("p:", "room{1}"));
        assertEquals("p:", KeySlots.PLAIN.mailbox("p:"));
        assertEquals("p:", KeySlots.PLAIN.nodes("p:"));
    }

    @Test
    void aClusterNodeAgrees() throws Exception {
        try (RedisProcess node = RedisProcess.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf")) {
            for (String id : List.of("room-1", "{braces}", "a}b{c", "", "ü-room", "x".repeat(300))) {
                String key = KeySlots.CLUSTER.of("signal:", id) + "room-members:" + id;
                assertEquals((long) SlotTags.slot(id), node.command("CLUSTER", "KEYSLOT", key), key);
            }
            int mailbox = SlotTags.slot("mailbox");
            assertEquals((long) mailbox, node.command("CLUSTER", "KEYSLOT", KeySlots.CLUSTER.mailbox("signal:") + "mailbox:{k}"));
            assertEquals((long) mailbox, node.command("CLUSTER", "KEYSLOT", KeySlots.CLUSTER.mailbox("signal:") + "mailbox-bytes"));
        }
    }
}
