package dev.signals.server.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.room.RoomClients.Client;
import dev.signals.server.testing.TestNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** 1,000 clients in 100 rooms: every offer reaches exactly its target, none is lost or misrouted. */
class RoomScaleTest {
    private static final int ROOMS = 100;
    private static final int PER_ROOM = 10;

    @Test
    void thousandClientsInHundredRoomsLoseAndMisrouteNothing() throws Exception {
        try (TestNode node = TestNode.start("--conn-rate-limit", "0", "--http-rate-limit", "0")) {
            List<List<Client>> rooms = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<Client>> connecting = new ArrayList<>();
                for (int i = 0; i < ROOMS * PER_ROOM; i++) {
                    connecting.add(pool.submit(() -> RoomClients.connect(node)));
                }
                for (int r = 0; r < ROOMS; r++) {
                    List<Client> room = new ArrayList<>();
                    for (int m = 0; m < PER_ROOM; m++) {
                        room.add(connecting.get(r * PER_ROOM + m).get());
                    }
                    rooms.add(room);
                }
                // Join one member at a time per room, so each joiner's expected `joined` list is known.
                List<Future<?>> joins = new ArrayList<>();
                for (int r = 0; r < ROOMS; r++) {
                    List<Client> room = rooms.get(r);
                    String roomId = "room-" + r;
                    joins.add(pool.submit(() -> {
                        for (int m = 0; m < PER_ROOM; m++) {
                            room.get(m).join(roomId);
                            String[] earlier = room.subList(0, m).stream().map(Client::id).toArray(String[]::new);
                            assertEquals(RoomClients.joined(roomId, earlier), room.get(m).next());
                            for (int e = 0; e < m; e++) {
                                assertEquals(RoomClients.newClient(room.get(m).id()), room.get(e).next());
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : joins) {
                    f.get();
                }
                // Everyone offers to everyone else in its room, concurrently across rooms.
                List<Future<?>> sends = new ArrayList<>();
                for (List<Client> room : rooms) {
                    sends.add(pool.submit(() -> {
                        for (Client from : room) {
                            for (Client to : room) {
                                if (from != to) {
                                    from.send(RoomClients.offer(to.id(), from.id() + ">" + to.id()));
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : sends) {
                    f.get();
                }
                for (List<Client> room : rooms) {
                    for (Client to : room) {
                        Map<String, Integer> fromSenders = new HashMap<>();
                        for (int k = 0; k < PER_ROOM - 1; k++) {
                            String text = to.next();
                            String sender = text.substring(text.indexOf("\"client_id\":\"") + 13, text.indexOf("\",\"sdp\""));
                            assertEquals(RoomClients.relayed("offer", sender, sender + ">" + to.id()), text);
                            fromSenders.merge(sender, 1, Integer::sum);
                        }
                        assertEquals(PER_ROOM - 1, fromSenders.size(), "one offer from each other member");
                        for (Client member : room) {
                            if (member != to) {
                                assertEquals(1, fromSenders.get(member.id()));
                            }
                        }
                    }
                }
                node.awaitState(s -> s.contains("\"rooms\":" + ROOMS + ",") || s.contains("\"rooms\":" + ROOMS + "}"));
            } finally {
                rooms.forEach(room -> room.forEach(Client::close));
                pool.shutdownNow();
            }
            node.awaitState(s -> s.contains("\"rooms\":0"));
        }
    }
}
