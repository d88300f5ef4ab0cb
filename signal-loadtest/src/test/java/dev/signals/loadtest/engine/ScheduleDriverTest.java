package dev.signals.loadtest.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScheduleDriverTest {
    private static final long MS = 1_000_000L;

    @Test
    void eachStepFiresWhatIsDueWithItsIntendedTime() {
        List<long[]> fired = new ArrayList<>();
        ScheduleDriver d = new ScheduleDriver(new RateSchedule(0, 1000, Long.MAX_VALUE),
                (i, t) -> fired.add(new long[] {i, t}), () -> 0);
        assertEquals(1, d.step(0));
        assertEquals(4, d.step(4 * MS));
        assertEquals(0, d.step(4 * MS));
        assertEquals(5, fired.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(i, fired.get(i)[0]);
            assertEquals(i * MS, fired.get(i)[1]);
        }
        assertEquals(0, d.lateSends());
        assertEquals(5, d.fired());
    }

    @Test
    void aStallIsReportedAsLateSendsNotHiddenByThinningTheLoad() {
        List<Long> intended = new ArrayList<>();
        ScheduleDriver d = new ScheduleDriver(new RateSchedule(0, 1000, Long.MAX_VALUE), (i, t) -> intended.add(t), () -> 0);
        d.step(0);
        // The generator thread was descheduled for 100 ms.
        int burst = d.step(100 * MS);
        assertEquals(100, burst, "every missed send is still fired");
        assertEquals(1 * MS, intended.get(1), "…each with its own intended time");
        assertEquals(89, d.lateSends(), "sends due more than 10 ms before they left");
        assertEquals(99 * MS, d.maxLagNanos());
        assertEquals(99 * MS, d.intervalMaxLagNanos());
        assertEquals(0, d.intervalMaxLagNanos(), "the interval figure resets when read");
    }

    @Test
    void theThreadFiresEverySendIntendedBeforeTheEnd() throws Exception {
        CopyOnWriteArrayList<Long> fired = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        ScheduleDriver d = new ScheduleDriver(new RateSchedule(start, 500, Long.MAX_VALUE), (i, t) -> fired.add(t), System::nanoTime);
        d.start(start + TimeUnit.MILLISECONDS.toNanos(200));
        d.join();
        // 500/s for 200 ms: sends intended at 0, 2, … 198 ms — all of them, however late the thread ran.
        assertEquals(100, fired.size());
        for (int i = 1; i < fired.size(); i++) {
            assertEquals(2 * MS, fired.get(i) - fired.get(i - 1), 1);
        }
    }

    @Test
    void aLimitedScheduleStopsTheThreadByItself() {
        CopyOnWriteArrayList<Long> fired = new CopyOnWriteArrayList<>();
        ScheduleDriver d = new ScheduleDriver(new RateSchedule(System.nanoTime(), 10_000, 25), (i, t) -> fired.add(i), System::nanoTime);
        d.start(Long.MAX_VALUE);
        d.join();
        assertEquals(25, fired.size());
    }
}
