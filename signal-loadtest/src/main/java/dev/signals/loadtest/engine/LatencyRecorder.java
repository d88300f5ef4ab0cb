package dev.signals.loadtest.engine;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies in microseconds, recorded from any thread, always from a send's <em>intended</em>
 * time (see {@link RateSchedule}): a response that waited behind a stall is charged the whole
 * stall, which is the coordinated-omission correction. {@link #roll} hands out one interval's
 * histogram (for the per-second line) and adds it to the run total while counting is on.
 */
public final class LatencyRecorder {
    /** One hour: anything slower is clamped, never dropped. */
    public static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    private Histogram interval;

    /** Records the time from {@code intendedNanos} to {@code nowNanos}; never below 1 µs. */
    public void record(long intendedNanos, long nowNanos) {
        long micros = (nowNanos - intendedNanos) / 1_000;
        recorder.recordValue(Math.max(1, Math.min(HIGHEST_MICROS, micros)));
    }

    /**
     * Everything recorded since the previous roll; added to the total when {@code counting}.
     * Called from one thread (the progress ticker, or the runner once the ticker is stopped).
     */
    public synchronized Histogram roll(boolean counting) {
        interval = recorder.getIntervalHistogram(interval);
        if (counting) {
            total.add(interval);
        }
        return interval;
    }

    /** Forgets the total (the end of warm-up); recordings not yet rolled are dropped too. */
    public synchronized void resetTotal() {
        interval = recorder.getIntervalHistogram(interval);
        total.reset();
    }

    /** A copy of the run total. */
    public synchronized Histogram total() {
        return total.copy();
    }

    /** Milliseconds of a microsecond histogram value. */
    public static double millis(long micros) {
        return micros / 1000.0;
    }
}
