package dev.signals.loadtest.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateScheduleTest {
    private static final long MS = 1_000_000L;

    @Test
    void intendedTimesAreEvenlySpacedFromTheStart() {
        RateSchedule s = new RateSchedule(5_000 * MS, 1000, Long.MAX_VALUE);
        assertEquals(5_000 * MS, s.intendedNanos(0));
        assertEquals(5_001 * MS, s.intendedNanos(1));
        assertEquals(6_000 * MS, s.intendedNanos(1000));
    }

    @Test
    void nothingIsDueBeforeTheStartAndEverySendIsDueOnTime() {
        RateSchedule s = new RateSchedule(100 * MS, 1000, Long.MAX_VALUE);
        assertEquals(0, s.dueCount(99 * MS));
        assertEquals(1, s.dueCount(100 * MS));
        assertEquals(10, s.dueCount(109 * MS + 1));
        s.take();
        s.take();
        assertEquals(8, s.dueCount(109 * MS + 1), "taken sends are no longer due");
    }

    @Test
    void aStalledGeneratorFindsEverySendStillDueNoneDropped() {
        RateSchedule s = new RateSchedule(0, 1000, Long.MAX_VALUE);
        s.take();
        // Nothing taken for 250 ms: the schedule keeps all 250 missed sends, with their own times.
        long now = 250 * MS;
        assertEquals(250, s.dueCount(now));
        assertEquals(249 * MS, s.lagNanos(now), "the oldest overdue send was due at 1 ms");
        List<Long> intended = new ArrayList<>();
        while (s.dueCount(now) > 0) {
            intended.add(s.intendedNanos(s.take()));
        }
        assertEquals(250, intended.size());
        assertEquals(1 * MS, intended.get(0));
        assertEquals(250 * MS, intended.get(249));
        assertEquals(0, s.lagNanos(now));
    }

    @Test
    void aLimitedScheduleEndsAfterItsLastSend() {
        RateSchedule s = new RateSchedule(0, 100, 3);
        assertEquals(3, s.dueCount(10_000 * MS));
        s.take();
        s.take();
        s.take();
        assertTrue(s.exhausted());
        assertEquals(0, s.dueCount(20_000 * MS));
        assertEquals(0, s.lagNanos(20_000 * MS));
    }

    @Test
    void fractionalRatesKeepTheirLongRunAverage() {
        RateSchedule s = new RateSchedule(0, 3, Long.MAX_VALUE);
        assertEquals(30, s.dueCount(10_000 * MS - 1), "3 per second for 10 s");
        assertEquals(333_333_333L, s.intendedNanos(1));
    }

    @Test
    void aRateMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new RateSchedule(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RateSchedule(0, Double.NaN, 1));
    }

    /**
     * A send is due exactly when its intended time has come, at every rate: if the count and the
     * intended times disagreed by a rounding, the driver would see a send as next but never due,
     * and spin (a benchmark at 14,500/s hung that way).
     */
    @Test
    void theDueCountAgreesWithTheIntendedTimesAtEveryRate() {
        for (double rate : new double[] {14_500, 7_000.5, 3, 1e6 / 7, 12_345.678, 999_983}) {
            RateSchedule s = new RateSchedule(1_234_567_891L, rate, Long.MAX_VALUE);
            for (long i = 0; i < 200_000; i++) {
                long at = s.intendedNanos(i);
                assertEquals(i + 1, s.dueCount(at), "rate " + rate + ", send " + i + " at its intended time");
                if (i > 0 && at - 1 >= s.intendedNanos(i - 1)) {
                    assertEquals(i, s.dueCount(at - 1), "rate " + rate + ", send " + i + " one nanosecond early");
                }
            }
        }
    }
}
