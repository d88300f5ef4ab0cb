package dev.signals.loadtest.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The closed loop's per-pair arithmetic (docs/benchmarks.md § Closed loop). */
class ClosedLoopPairsTest {
    @Test
    void aPairsFirstMessagesAreSplitCeilingFirst() {
        for (int n = 1; n <= 9; n++) {
            int first = RoomRelayScenario.initialShare(n, 0);
            int second = RoomRelayScenario.initialShare(n, 1);
            assertEquals(n, first + second, "n = " + n);
            assertEquals((n + 1) / 2, first);
        }
        assertEquals(1, RoomRelayScenario.initialShare(1, 0));
        assertEquals(0, RoomRelayScenario.initialShare(1, 1));
        assertEquals(2, RoomRelayScenario.initialShare(4, 1));
    }

    @Test
    void aPairIsSilentWhenNeitherMemberHeardAnythingSinceTheWindowBegan() {
        long start = 1_000_000_000L;
        assertTrue(RoomRelayScenario.silent(RoomClient.NEVER, RoomClient.NEVER, start), "never heard anything");
        assertTrue(RoomRelayScenario.silent(start - 1, RoomClient.NEVER, start), "last heard before the window");
        assertFalse(RoomRelayScenario.silent(RoomClient.NEVER, start, start), "heard at its first instant");
        assertFalse(RoomRelayScenario.silent(start - 5, start + 5, start), "one member is enough");
        // nanoTime may be negative and wrap; differences still order it.
        long wrapping = Long.MAX_VALUE - 10;
        assertFalse(RoomRelayScenario.silent(wrapping + 20, RoomClient.NEVER, wrapping));
        assertTrue(RoomRelayScenario.silent(-5, RoomClient.NEVER, 0));
    }
}
