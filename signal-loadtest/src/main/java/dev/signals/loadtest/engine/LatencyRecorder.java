package dev.signals.loadtest.engine;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies in microseconds, recorded from any thread, always from a send's <em>intended</em>
 * time (see {@link RateSchedule}): a response that waited behind a stall is charged the whole
 * stall, which is the coordinated-omission correction. {@link #roll} hands out one interval's
 * histogram (for the per-second line) and adds it to the run total while counting is on.
 *
 * <p>A sample belongs to the window its send was <em>intended</em> in, not the one it completed
 * in: after {@link #countFrom}, sends intended earlier (the warm-up's) still show on the progress
 * line but never reach the total, however late they complete. Otherwise a cold JIT's backlog
 * from the warm-up would be charged to the measured window.
 *
 * <p>Where a scenario knows when each unit actually left the generator, it records that too
 * ({@link #record(long, long, long)}): latency from the actual send, a second total beside the
 * corrected one. The gap between them is the generator's own lag, which the corrected figure
 * charges to the server (docs/benchmarks.md "How it measures").
 */
public final class LatencyRecorder {
    /** One hour: anything slower is clamped, never dropped. */
    public static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    private final Recorder counted = new Recorder(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    private volatile long countFromNanos = Long.MIN_VALUE;
    private Histogram countedInterval;
    private final Histogram total = new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    private Histogram interval;
    private final Recorder countedFromSend = new Recorder(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    private Histogram countedFromSendInterval;
    private final Histogram totalFromSend = new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);

    /** Records the time from {@code intendedNanos} to {@code nowNanos}; never below 1 µs. */
    public void record(long intendedNanos, long nowNanos) {
        long micros = micros(nowNanos - intendedNanos);
        recorder.recordValue(micros);
        if (intendedNanos >= countFromNanos) {
            counted.recordValue(micros);
        }
    }

    /**
     * Records the time from {@code intendedNanos} to {@code nowNanos}, and beside it the time from
     * {@code sentNanos} (when the unit actually left; not before it was intended) to {@code nowNanos}.
     */
    public void record(long intendedNanos, long sentNanos, long nowNanos) {
        record(intendedNanos, nowNanos);
        if (intendedNanos >= countFromNanos) {
            countedFromSend.recordValue(micros(nowNanos - Math.max(intendedNanos, sentNanos)));
        }
    }

    private static long micros(long nanos) {
        return Math.max(1, Math.min(HIGHEST_MICROS, nanos / 1_000));
    }

    /**
     * Everything recorded since the previous roll; the part intended inside the counted window is
     * added to the total when {@code counting}.
     * Called from one thread (the progress ticker, or the runner once the ticker is stopped).
     */
    public synchronized Histogram roll(boolean counting) {
        interval = recorder.getIntervalHistogram(interval);
        if (counting) {
            // While not counting, samples for the window stay in their recorder until the next counting roll.
            countedInterval = counted.getIntervalHistogram(countedInterval);
            total.add(countedInterval);
            countedFromSendInterval = countedFromSend.getIntervalHistogram(countedFromSendInterval);
            totalFromSend.add(countedFromSendInterval);
        }
        return interval;
    }

    /** Forgets the total (the end of warm-up); recordings not yet rolled are dropped too. */
    public synchronized void resetTotal() {
        countFrom(Long.MIN_VALUE);
    }

    /**
     * Forgets the total and from now on counts only sends intended at or after
     * {@code intendedNanos} (the start of a measured window).
     */
    public synchronized void countFrom(long intendedNanos) {
        countFromNanos = intendedNanos;
        interval = recorder.getIntervalHistogram(interval);
        countedInterval = counted.getIntervalHistogram(countedInterval);
        total.reset();
        countedFromSendInterval = countedFromSend.getIntervalHistogram(countedFromSendInterval);
        totalFromSend.reset();
    }

    /** A copy of the run total. */
    public synchronized Histogram total() {
        return total.copy();
    }

    /** A copy of the run total from the actual sends; empty when the scenario recorded none. */
    public synchronized Histogram totalFromSend() {
        return totalFromSend.copy();
    }

    /** Milliseconds of a microsecond histogram value. */
    public static double millis(long micros) {
        return micros / 1000.0;
    }
}
