package dev.signals.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Membership events are delivered after the room's update, not inside the map's bin lock: while
 * one room's members are being told of a change (a large room's fan-out), another room whose key
 * shares the map bin can still change.
 */
class RoomRegistryLockTest {
    record Peer(String clientId) implements RoomRegistry.Member {
    }

    /** Events that do nothing. */
    static class Quiet implements RoomRegistry.MembershipEvents<Peer> {
        @Override
        public void joined(String roomId, Peer joiner, List<Peer> existing) {
        }

        @Override
        public void rejoined(String roomId, Peer joiner, List<Peer> others) {
        }

        @Override
        public void left(String roomId, Peer leaver, List<Peer> remaining) {
        }
    }

    @Test
    void anotherRoomInTheSameBinChangesWhileARoomsEventsAreDelivered() throws Exception {
        assertEquals("Aa".hashCode(), "BB".hashCode(), "the two room ids share a bin");
        RoomRegistry<Peer> registry = new RoomRegistry<>(0);
        registry.join("Aa", new Peer("a1"), new Quiet());
        boolean[] otherRoomChanged = new boolean[1];
        registry.join("Aa", new Peer("a2"), new Quiet() {
            @Override
            public void joined(String roomId, Peer joiner, List<Peer> existing) {
                CompletableFuture<RoomRegistry.JoinOutcome> other = CompletableFuture.supplyAsync(
                        () -> registry.join("BB", new Peer("b1"), new Quiet()));
                try {
                    otherRoomChanged[0] = other.get(2, TimeUnit.SECONDS) == RoomRegistry.JoinOutcome.JOINED;
                } catch (Exception stillLocked) {
                    otherRoomChanged[0] = false;
                }
            }
        });
        assertTrue(otherRoomChanged[0], "room BB could be joined while room Aa's events were delivered");
        assertEquals(List.of(new Peer("a1"), new Peer("a2")), registry.members("Aa"));
        assertEquals(List.of(new Peer("b1")), registry.members("BB"));
    }
}
