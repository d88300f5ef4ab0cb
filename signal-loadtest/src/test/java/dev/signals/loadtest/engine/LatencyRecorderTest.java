package dev.signals.loadtest.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
    private static final long MS = 1_000_000L;

    @Test
    void latencyIsMeasuredFromTheIntendedTime() {
        LatencyRecorder r = new LatencyRecorder();
        r.record(10 * MS, 13 * MS);
        Histogram h = r.roll(true);
        assertEquals(1, h.getTotalCount());
        assertEquals(3000, h.getMaxValue(), 3, "3 ms in microseconds");
    }

    /**
     * The coordinated-omission case: 1 send per ms, and the server stalls for 200 ms, answering
     * everything sent meanwhile when it recovers. Measured from the intended times, the stall
     * shows in every one of those sends (a linear ramp from 200 ms down to 1 ms), not in just one.
     */
    @Test
    void aStallIsChargedToEverySendItDelayed() {
        LatencyRecorder r = new LatencyRecorder();
        for (long i = 0; i < 1000; i++) {
            long intended = i * MS;
            long answered = i < 200 ? 200 * MS : intended + 1 * MS;
            r.record(intended, answered);
        }
        r.roll(true);
        Histogram total = r.total();
        assertEquals(1000, total.getTotalCount());
        assertEquals(200_000, total.getMaxValue(), 200);
        // 20 % of sends waited behind the stall: the 90th percentile is well into it.
        assertTrue(total.getValueAtPercentile(90) >= 99_000, "p90 " + total.getValueAtPercentile(90));
        assertEquals(1000, total.getValueAtPercentile(50), 10, "p50 is the normal 1 ms");
    }

    /**
     * A cold server answers the warm-up's sends seconds late, inside the measured window; they
     * show on the progress line but belong to the warm-up, so they never reach the total.
     */
    @Test
    void sendsIntendedBeforeTheWindowNeverReachTheTotal() {
        LatencyRecorder r = new LatencyRecorder();
        r.countFrom(10 * MS);
        r.record(0, 5_000 * MS);
        r.record(10 * MS, 12 * MS);
        assertEquals(2, r.roll(true).getTotalCount(), "the progress line sees both");
        assertEquals(1, r.total().getTotalCount(), "the total only the send intended in the window");
        assertEquals(2000, r.total().getMaxValue(), 2);
    }

    @Test
    void windowSamplesRecordedWhileNotCountingWaitForTheNextCountingRoll() {
        LatencyRecorder r = new LatencyRecorder();
        r.countFrom(10 * MS);
        r.record(10 * MS, 11 * MS);
        assertEquals(1, r.roll(false).getTotalCount(), "reported at once…");
        assertEquals(0, r.total().getTotalCount(), "…but not counted yet");
        r.roll(true);
        assertEquals(1, r.total().getTotalCount(), "counted at the next counting roll, not lost");
    }

    @Test
    void resetTotalDropsEverythingBeforeIt() {
        LatencyRecorder r = new LatencyRecorder();
        r.record(0, 9 * MS);
        r.roll(true);
        r.record(0, 9 * MS);
        r.resetTotal();
        r.record(0, 1 * MS);
        r.roll(true);
        assertEquals(1, r.total().getTotalCount());
        assertEquals(1000, r.total().getMaxValue(), 1);
    }

    /**
     * A generator that fired 4 ms late and a server that answered in 1 ms: 5 ms from the intended
     * time (the corrected figure), 1 ms from the actual send. A send stamped before its intended
     * time counts from the intended time; one intended before the window counts in neither total.
     */
    @Test
    void latencyFromTheActualSendLeavesOutTheGeneratorsLag() {
        LatencyRecorder r = new LatencyRecorder();
        r.countFrom(10 * MS);
        r.record(10 * MS, 14 * MS, 15 * MS);
        r.record(20 * MS, 19 * MS, 22 * MS);
        r.record(0, 1 * MS, 30 * MS);
        r.roll(true);
        assertEquals(2, r.total().getTotalCount());
        assertEquals(5000, r.total().getMaxValue(), 5);
        Histogram fromSend = r.totalFromSend();
        assertEquals(2, fromSend.getTotalCount());
        assertEquals(1000, fromSend.getMinValue(), 1);
        assertEquals(2000, fromSend.getMaxValue(), 2, "a send before its time counts from its time");
        r.countFrom(40 * MS);
        assertEquals(0, r.totalFromSend().getTotalCount(), "a new window forgets it too");
        r.record(40 * MS, 41 * MS);
        r.roll(true);
        assertEquals(0, r.totalFromSend().getTotalCount(), "a unit recorded without its send adds nothing");
    }

    @Test
    void valuesAreClampedNeverDropped() {
        LatencyRecorder r = new LatencyRecorder();
        r.record(5 * MS, 5 * MS);
        r.record(0, LatencyRecorder.HIGHEST_MICROS * 1000 * 10);
        Histogram h = r.roll(true);
        assertEquals(2, h.getTotalCount());
        assertEquals(1, h.getMinValue());
        assertTrue(h.getMaxValue() >= LatencyRecorder.HIGHEST_MICROS * 0.999);
    }
}
