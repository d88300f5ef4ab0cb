package dev.signals.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RoomRegistryTest {
    record Peer(String clientId, Set<String> known) implements RoomRegistry.Member {
        Peer(String id) {
            this(id, ConcurrentHashMap.newKeySet());
        }
    }

    /** Records what each member learns: joiners learn existing members, members learn joiners. */
    static final class Learning implements RoomRegistry.MembershipEvents<Peer> {
        @Override
        public void joined(String roomId, Peer joiner, List<Peer> existing) {
            existing.forEach(e -> {
                joiner.known().add(e.clientId());
                e.known().add(joiner.clientId());
            });
        }

        @Override
        public void rejoined(String roomId, Peer joiner, List<Peer> others) {
        }

        @Override
        public void left(String roomId, Peer leaver, List<Peer> remaining) {
            remaining.forEach(r -> r.known().remove(leaver.clientId()));
        }
    }

    @Test
    void concurrentJoinersAllLearnOfEachOtherExactlyOnce() throws Exception {
        RoomRegistry<Peer> registry = new RoomRegistry<>(0);
        Learning events = new Learning();
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            peers.add(new Peer("p" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        for (Peer p : peers) {
            pool.submit(() -> {
                go.await();
                return registry.join("r", p, events);
            });
        }
        go.countDown();
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        for (Peer p : peers) {
            assertEquals(63, p.known().size(), p.clientId());
        }
        assertEquals(64, registry.members("r").size());
    }

    @Test
    void roomCapRefusesAndLeavesStateUnchanged() {
        RoomRegistry<Peer> registry = new RoomRegistry<>(2);
        Learning events = new Learning();
        assertEquals(RoomRegistry.JoinOutcome.JOINED, registry.join("r", new Peer("a"), events));
        assertEquals(RoomRegistry.JoinOutcome.JOINED, registry.join("r", new Peer("b"), events));
        assertEquals(RoomRegistry.JoinOutcome.FULL, registry.join("r", new Peer("c"), events));
        assertEquals(2, registry.members("r").size());
        assertEquals(1, registry.roomCount());
    }

    @Test
    void emptyRoomIsDeletedAndOnlyTheSameMemberCanRemoveItself() {
        RoomRegistry<Peer> registry = new RoomRegistry<>(0);
        Learning events = new Learning();
        Peer a = new Peer("a");
        registry.join("r", a, events);
        assertFalse(registry.leave("r", new Peer("a"), events));
        assertEquals(1, registry.roomCount());
        registry.leave("r", a, events);
        assertEquals(0, registry.roomCount());
    }
}
