package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The membership rules of docs/room.md that {@code RoomRegistry} (one node) and {@code room-*.lua}
 * (across nodes) both keep, written once (docs/cluster.md "Contract suites"): members oldest first
 * with the joiner last, the size cap, one room per client (a refused joiner stays where it was), a
 * rejoin that changes nothing, and leaves that only take out a member that is there.
 */
abstract class RoomMembershipContract {

    /** Room membership as the room dialect uses it, clients named by their ids. */
    interface Rooms {
        /** Moves {@code client} into {@code room}; its members afterwards, oldest first, or {@code null} when full. */
        List<String> join(String room, String client) throws Exception;

        void leave(String room, String client) throws Exception;

        /** The members of {@code room}, oldest first. */
        List<String> members(String room) throws Exception;
    }

    /** Fresh, empty rooms of at most {@code cap} members (0 = no limit). */
    abstract Rooms rooms(int cap) throws Exception;

    @Test
    void membersAreListedOldestFirstWithTheJoinerLast() throws Exception {
        Rooms rooms = rooms(0);
        assertEquals(List.of("a"), rooms.join("r", "a"));
        assertEquals(List.of("a", "b"), rooms.join("r", "b"));
        assertEquals(List.of("a", "b", "c"), rooms.join("r", "c"));
        rooms.leave("r", "a");
        assertEquals(List.of("b", "c", "a"), rooms.join("r", "a"));
    }

    @Test
    void theCapRefusesAJoinerWhichStaysInItsRoom() throws Exception {
        Rooms rooms = rooms(2);
        rooms.join("r", "a");
        rooms.join("r", "b");
        rooms.join("s", "c");
        assertNull(rooms.join("r", "c"));
        assertEquals(List.of("a", "b"), rooms.members("r"));
        assertEquals(List.of("c"), rooms.members("s"));
        rooms.leave("r", "a");
        assertEquals(List.of("b", "c"), rooms.join("r", "c"));
        assertEquals(List.of(), rooms.members("s"));
    }

    @Test
    void joiningAnotherRoomLeavesTheFirst() throws Exception {
        Rooms rooms = rooms(0);
        rooms.join("r", "a");
        rooms.join("r", "b");
        assertEquals(List.of("a"), rooms.join("s", "a"));
        assertEquals(List.of("b"), rooms.members("r"));
        assertEquals(List.of("a"), rooms.members("s"));
    }

    @Test
    void aRejoinChangesNothingAndIsNotRefusedByTheCap() throws Exception {
        Rooms rooms = rooms(2);
        rooms.join("r", "a");
        rooms.join("r", "b");
        assertEquals(List.of("a", "b"), rooms.join("r", "a"));
        assertEquals(List.of("a", "b"), rooms.members("r"));
    }

    @Test
    void aLeaveTakesOutOnlyAMemberThatIsThere() throws Exception {
        Rooms rooms = rooms(0);
        rooms.leave("r", "a");
        assertEquals(List.of(), rooms.members("r"));
        rooms.join("r", "a");
        rooms.join("s", "b");
        rooms.leave("r", "b");
        rooms.leave("s", "a");
        assertEquals(List.of("a"), rooms.members("r"));
        assertEquals(List.of("b"), rooms.members("s"));
        rooms.leave("r", "a");
        assertEquals(List.of(), rooms.members("r"));
    }

    @Test
    void roomsAreIndependentWhateverTheirNames() throws Exception {
        Rooms rooms = rooms(1);
        String[] names = {"r", "r ", "R", "ü ✓ 😀", "\"q\"", "room-members:r"};
        for (int i = 0; i < names.length; i++) {
            assertEquals(List.of("c" + i), rooms.join(names[i], "c" + i), names[i]);
        }
        for (int i = 0; i < names.length; i++) {
            assertEquals(List.of("c" + i), rooms.members(names[i]), names[i]);
        }
    }
}
