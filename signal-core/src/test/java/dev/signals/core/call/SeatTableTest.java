package dev.signals.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SeatTableTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final MutableClock clock = new MutableClock();
    private final SeatTable table = new SeatTable(2, TIMEOUT, clock);

    @Test
    void grantsUpToSeatCountThenRefuses() {
        assertTrue(table.tryAcquire("c", "a"));
        assertTrue(table.tryAcquire("c", "b"));
        assertFalse(table.tryAcquire("c", "x"));
        assertTrue(table.tryAcquire("other", "x"), "calls are independent");
        assertEquals(3, table.seatCount());
        assertEquals(2, table.callCount());
    }

    @Test
    void aSeatedSessionIsGrantedAgainEvenWhenFull() {
        table.tryAcquire("c", "a");
        table.tryAcquire("c", "b");
        assertTrue(table.tryAcquire("c", "a"));
        assertEquals(2, table.seatCount());
    }

    @Test
    void aSeatLapsesOnlyAfterTheTimeoutHasPassed() {
        table.tryAcquire("c", "a");
        table.tryAcquire("c", "b");
        clock.advance(TIMEOUT);
        assertTrue(table.isSeated("c", "a"), "stale means now - stamp > timeout, strictly");
        assertFalse(table.tryAcquire("c", "x"));
        clock.advance(Duration.ofMillis(1));
        assertFalse(table.isSeated("c", "a"));
        assertTrue(table.tryAcquire("c", "x"));
        assertEquals(1, table.seatCount());
    }

    @Test
    void reacquiringRefreshesTheStamp() {
        table.tryAcquire("c", "a");
        clock.advance(Duration.ofSeconds(20));
        assertTrue(table.tryAcquire("c", "a"));
        clock.advance(Duration.ofSeconds(20));
        assertTrue(table.isSeated("c", "a"));
    }

    @Test
    void renewKeepsAHeldSeatAndFailsForALostOne() {
        table.tryAcquire("c", "a");
        clock.advance(Duration.ofSeconds(25));
        assertTrue(table.tryRenew("c", "a"));
        clock.advance(Duration.ofSeconds(25));
        assertTrue(table.isSeated("c", "a"), "renewal moved the stamp");
        clock.advance(Duration.ofSeconds(31));
        assertFalse(table.tryRenew("c", "a"), "a lapsed seat is not renewed");
        assertFalse(table.tryRenew("c", "never"));
        assertFalse(table.isSeated("c", "a"));
    }

    @Test
    void checkDoesNotRenew() {
        table.tryAcquire("c", "a");
        clock.advance(Duration.ofSeconds(20));
        assertTrue(table.isSeated("c", "a"));
        clock.advance(Duration.ofSeconds(11));
        assertFalse(table.isSeated("c", "a"));
    }

    @Test
    void sweepForgetsCallsWhoseSeatsAllLapsed() {
        table.tryAcquire("c1", "a");
        table.tryAcquire("c2", "b");
        clock.advance(Duration.ofSeconds(10));
        table.tryAcquire("c2", "c");
        clock.advance(Duration.ofSeconds(25));
        table.sweep();
        assertEquals(1, table.callCount());
        assertEquals(1, table.seatCount());
        assertTrue(table.isSeated("c2", "c"));
    }

    @Test
    void zeroSeatCountMeansNoLimitAndZeroTimeoutMeansNoLapse() {
        SeatTable open = new SeatTable(0, Duration.ZERO, clock);
        for (int i = 0; i < 100; i++) {
            assertTrue(open.tryAcquire("c", "s" + i));
        }
        clock.advance(Duration.ofDays(365));
        assertTrue(open.isSeated("c", "s0"));
    }

    @Test
    void concurrentAcquiresGrantExactlySeatCount() throws Exception {
        int contenders = 64;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 200; round++) {
                SeatTable fresh = new SeatTable(3, TIMEOUT, clock);
                String call = "race-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < contenders; i++) {
                    String session = "s" + i;
                    results.add(pool.submit(() -> {
                        start.await();
                        return fresh.tryAcquire(call, session);
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> r : results) {
                    if (r.get(10, TimeUnit.SECONDS)) {
                        winners++;
                    }
                }
                assertEquals(3, winners, "round " + round);
                assertEquals(3, fresh.seatCount());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentAcquiresAfterALapseStillGrantExactlySeatCount() throws Exception {
        SeatTable shared = new SeatTable(2, TIMEOUT, clock);
        shared.tryAcquire("c", "old1");
        shared.tryAcquire("c", "old2");
        clock.advance(TIMEOUT.plusMillis(1));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String session = "new" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return shared.tryAcquire("c", session);
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> r : results) {
                winners += r.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(2, winners);
            assertEquals(2, shared.seatCount());
            assertFalse(shared.isSeated("c", "old1"));
        } finally {
            pool.shutdownNow();
        }
    }
}
