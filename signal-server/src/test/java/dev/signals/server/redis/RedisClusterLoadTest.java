package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.RoomPeer;
import dev.signals.server.testing.TestNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two nodes with 500 clients each, in rooms of four spanning both nodes (docs/cluster.md): every
 * member announces itself and offers to every other member; nothing is lost, duplicated or
 * delivered to the wrong client. Limits are off, as for benchmarks.
 */
class RedisClusterLoadTest {
    private static final int PER_NODE = 500;
    private static final int ROOM_SIZE = 4;

    @Test
    void thousandClientsInRoomsSpanningTwoNodesLoseAndMisrouteNothing() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        String[] open = {"--rate-limit", "0", "--conn-rate-limit", "0", "--http-rate-limit", "0"};
        List<RoomPeer> peers = new ArrayList<>();
        try (RedisProcess redis = RedisProcess.start();
             TestNode a = TestNode.clustered(redis.address(), prefix, "a", open);
             TestNode b = TestNode.clustered(redis.address(), prefix, "b", open)) {
            long start = System.nanoTime();
            try {
                for (int i = 0; i < 2 * PER_NODE; i++) {
                    // Alternate nodes, so every room of four has two members on each.
                    peers.add(RoomPeer.connect((i % 2 == 0 ? a : b).port()));
                }
                List<List<RoomPeer>> rooms = new ArrayList<>();
                for (int r = 0; r < peers.size() / ROOM_SIZE; r++) {
                    rooms.add(peers.subList(r * ROOM_SIZE, (r + 1) * ROOM_SIZE));
                }
                // Joins: every member's joined lists the earlier ones, and each earlier member hears new-client.
                for (int r = 0; r < rooms.size(); r++) {
                    List<RoomPeer> room = rooms.get(r);
                    for (int i = 0; i < room.size(); i++) {
                        room.get(i).join("room-" + r);
                        assertEquals(RoomPeer.joined("room-" + r, room.subList(0, i)), room.get(i).next());
                    }
                }
                for (List<RoomPeer> room : rooms) {
                    for (int i = 0; i < room.size(); i++) {
                        for (int j = i + 1; j < room.size(); j++) {
                            assertEquals(RoomPeer.newClient(room.get(j)), room.get(i).next());
                        }
                    }
                }
                // Offers: all sent first, then every member must hold exactly one from each other member.
                for (List<RoomPeer> room : rooms) {
                    for (RoomPeer from : room) {
                        for (RoomPeer to : room) {
                            if (from != to) {
                                from.offer(to, from.id() + ">" + to.id());
                            }
                        }
                    }
                }
                for (List<RoomPeer> room : rooms) {
                    for (RoomPeer to : room) {
                        Set<String> expected = new HashSet<>();
                        for (RoomPeer from : room) {
                            if (from != to) {
                                expected.add(RoomPeer.offerFrom(from, from.id() + ">" + to.id()));
                            }
                        }
                        Set<String> got = new HashSet<>();
                        for (int k = 0; k < ROOM_SIZE - 1; k++) {
                            got.add(to.next());
                        }
                        assertEquals(expected, got);
                        assertEquals(null, to.poll(java.time.Duration.ZERO), "nothing more for " + to.id());
                    }
                }
                System.out.printf("2 nodes x %d clients: joins, announcements and %d offers in %d ms%n",
                        PER_NODE, peers.size() * (ROOM_SIZE - 1), (System.nanoTime() - start) / 1_000_000);
                a.adminGet("/metrics").body().lines()
                        .filter(l -> l.startsWith("signal_backplane_publish_seconds_") && !l.contains("bucket"))
                        .forEach(l -> System.out.println("node a " + l));
            } finally {
                peers.forEach(RoomPeer::close);
            }
        }
    }
}
