package dev.signals.loadtest.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResumeTimesTest {
    private static final long MS = 1_000_000;

    @Test
    void noResumesHaveNoPercentiles() {
        ResumeTimes t = new ResumeTimes();
        assertEquals(0, t.count());
        assertEquals(-1, t.percentileMs(50));
        assertEquals(-1, t.maxMs());
    }

    @Test
    void eachResumeIsTimedFromItsLossAndPercentilesAreNearestRank() {
        ResumeTimes t = new ResumeTimes();
        long base = 5_000 * MS;
        for (int i = 100; i >= 1; i--) {
            t.record(base + i * MS, base + i * MS + i * 10 * MS); // resume i took i * 10 ms
        }
        assertEquals(100, t.count());
        assertEquals(500.0, t.percentileMs(50));
        assertEquals(990.0, t.percentileMs(99));
        assertEquals(1000.0, t.maxMs());
        assertEquals(10.0, t.percentileMs(0));
    }

    @Test
    void aSingleResumeIsEveryPercentile() {
        ResumeTimes t = new ResumeTimes();
        t.record(7 * MS, 19 * MS);
        assertEquals(12.0, t.percentileMs(50));
        assertEquals(12.0, t.percentileMs(99));
    }

    @Test
    void aClockThatWentBackwardsCountsAsZero() {
        ResumeTimes t = new ResumeTimes();
        t.record(10 * MS, 9 * MS);
        assertEquals(0.0, t.maxMs());
    }

    @Test
    void theMessageNumberIsReadFromTheRelayedSdp() {
        assertEquals(42, FailoverContext.numberIn("v=0\r\nfailover 42\r\na=xx"));
        assertEquals(-1, FailoverContext.numberIn("v=0\r\na=xx"));
        assertEquals(-1, FailoverContext.numberIn("failover x"));
    }
}
