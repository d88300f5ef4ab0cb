package dev.signals.loadtest.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ShardTest {
    @Test
    void sharesAddUpToTheWholeRunInWholeRooms() {
        for (int n = 1; n <= 7; n++) {
            int connections = 0;
            double rate = 0;
            for (int i = 0; i < n; i++) {
                Shard s = new Shard(i, n);
                int mine = s.connections(1000, 4);
                assertEquals(0, mine % 4, "whole rooms of 4 in shard " + s);
                connections += mine;
                rate += s.rate(10_000, 1000, 4);
            }
            assertEquals(1000, connections, n + " shards");
            assertEquals(10_000, rate, 1e-6, n + " shards");
        }
    }

    @Test
    void anUnevenSplitDiffersByOneRoomAtMost() {
        assertEquals(6, new Shard(0, 3).connections(20, 2));
        assertEquals(6, new Shard(1, 3).connections(20, 2));
        assertEquals(8, new Shard(2, 3).connections(20, 2));
        assertEquals(3000, new Shard(2, 3).rate(7500, 20, 2), 1e-9);
    }

    @Test
    void parsesIOverNAndRejectsTheRest() {
        assertEquals(new Shard(1, 4), Shard.parse("1/4"));
        assertEquals("1/4", Shard.parse(" 1 / 4 ").toString());
        assertEquals(true, Shard.parse("0/1").whole());
        for (String bad : new String[] {"4/4", "-1/2", "1", "a/b", "0/0", "1/2/3"}) {
            assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad), bad);
        }
    }
}
