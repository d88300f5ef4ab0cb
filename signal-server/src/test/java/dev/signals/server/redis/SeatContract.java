package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.Await;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The seat rules of docs/call.md that {@code SeatTable} and {@code call-seat.lua},
 * {@code call-renew.lua} and {@code call-signal.lua} both keep, written once (docs/cluster.md
 * "Contract suites"): the count, a holder taking its seat again, seats per call, lapsing after
 * {@code --seat-timeout} and freeing the place. Seats are never given back early by either: a
 * socket closing does not free its seat, only the timeout does (docs/call.md).
 */
abstract class SeatContract {

    /** The seat operations as the call routes use them. */
    interface Seats {
        /** {@code GET /call}: take or re-take a seat. */
        boolean take(String call, String session);

        /** The check before a JOIN or a {@code POST /signal}. */
        boolean seated(String call, String session);

        /** A pong: restamp the seat; false when it was lost. */
        boolean renew(String call, String session);
    }

    /** Fresh seats, {@code count} per call (0 = no limit), lapsing after {@code timeout} (zero = never). */
    abstract Seats seats(int count, Duration timeout) throws Exception;

    /** The longest an unrenewed seat outlives its last stamp with {@code --seat-timeout 0}; {@code null} for ever. */
    abstract Duration idleBound();

    /** How much longer the seats of {@code call}, just stamped, are kept unrenewed; {@code null} for ever. */
    abstract Duration idleBoundLeft(String call) throws Exception;

    @Test
    void theCountHoldsAndAHolderMayTakeItsSeatAgain() throws Exception {
        Seats seats = seats(2, Duration.ofMinutes(1));
        assertTrue(seats.take("c", "a"));
        assertTrue(seats.take("c", "b"));
        assertFalse(seats.take("c", "x"));
        assertTrue(seats.take("c", "a"));
        assertTrue(seats.seated("c", "a"));
        assertTrue(seats.seated("c", "b"));
        assertFalse(seats.seated("c", "x"));
        assertTrue(seats.renew("c", "b"));
        assertFalse(seats.take("c", "x"));
    }

    @Test
    void zeroSeatsMeansNoLimit() throws Exception {
        Seats seats = seats(0, Duration.ofMinutes(1));
        for (int i = 0; i < 40; i++) {
            assertTrue(seats.take("c", "s" + i));
        }
        assertTrue(seats.seated("c", "s0"));
    }

    @Test
    void seatsAreCountedPerCallWhateverTheName() throws Exception {
        Seats seats = seats(1, Duration.ofMinutes(1));
        assertTrue(seats.take("a b", "s1"));
        assertTrue(seats.take("a", "s2"));
        assertTrue(seats.take("ü ✓ 😀 \"q\"", "s3"));
        assertFalse(seats.take("a b", "s4"));
        assertFalse(seats.seated("a", "s1"));
        assertFalse(seats.renew("a", "s1"));
    }

    @Test
    void aSessionWithoutASeatIsNotSeatedAndCannotRenewOne() throws Exception {
        Seats seats = seats(2, Duration.ofMinutes(1));
        assertFalse(seats.seated("c", "a"));
        assertFalse(seats.renew("c", "a"));
        // A failed renewal takes nothing: both seats are still free.
        assertTrue(seats.take("c", "b"));
        assertTrue(seats.take("c", "d"));
    }

    @Test
    void aSeatLapsesAfterTheTimeoutAndItsPlaceIsFree() throws Exception {
        Seats seats = seats(1, Duration.ofMillis(300));
        assertTrue(seats.take("c", "a"));
        assertFalse(seats.take("c", "b"));
        Await.until("a's seat lapses and b takes the place", Duration.ofSeconds(10), () -> seats.take("c", "b"));
        assertFalse(seats.seated("c", "a"));
        assertFalse(seats.renew("c", "a"));
        assertFalse(seats.take("c", "a"));
    }

    @Test
    void withoutATimeoutASeatNeverLapsesButRedisBoundsAnUnrenewedOne() throws Exception {
        Seats seats = seats(1, Duration.ZERO);
        assertTrue(seats.take("c", "a"));
        assertFalse(seats.take("c", "b"));
        assertTrue(seats.renew("c", "a"));
        Duration bound = idleBound();
        Duration left = idleBoundLeft("c");
        if (bound == null) {
            assertNull(left, "kept for the node's life");
        } else {
            assertTrue(left.compareTo(Duration.ZERO) > 0 && left.compareTo(bound) <= 0, left + " within " + bound);
        }
        assertTrue(seats.seated("c", "a"));
    }
}
