package dev.signals.loadtest.engine;

import dev.signals.loadtest.report.TimelinePoint;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Once a second: rolls the latency recorder, prints one progress line (phase, connections,
 * sent/s, received/s, p99 so far in this phase, errors, and a warning when the generator is
 * behind its schedule) plus one line for each kind of error seen for the first time, and keeps
 * the second as a {@link TimelinePoint} for the report.
 */
public final class ProgressTicker implements AutoCloseable {
    private final RunStats stats;
    private final LatencyRecorder latency;
    private final Supplier<Phase> phase;
    private final LongSupplier behindNanos;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final List<TimelinePoint> timeline = new ArrayList<>();
    private final Histogram sincePhase = new Histogram(LatencyRecorder.HIGHEST_MICROS, 3);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "loadtest-progress");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> reportedReasons = new HashSet<>();
    private RunStats.Snapshot previous;
    private Phase previousPhase;

    /**
     * @param behindNanos the generator's worst lag since the previous call, or a supplier of 0
     */
    public ProgressTicker(RunStats stats, LatencyRecorder latency, Supplier<Phase> phase,
                          LongSupplier behindNanos, PrintStream out) {
        this.stats = stats;
        this.latency = latency;
        this.phase = phase;
        this.behindNanos = behindNanos;
        this.out = out;
        this.previous = stats.snapshot();
    }

    public void start() {
        timer.scheduleAtFixedRate(this::tickSafely, 1, 1, TimeUnit.SECONDS);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            out.println("progress: " + e);
        }
    }

    /** One second's line and timeline point. */
    synchronized void tick() {
        Phase now = phase.get();
        if (now != previousPhase) {
            sincePhase.reset();
            previousPhase = now;
        }
        Histogram interval = latency.roll(now.counts());
        sincePhase.add(interval);
        RunStats.Snapshot current = stats.snapshot();
        RunStats.Snapshot delta = current.minus(previous);
        previous = current;
        double behindMs = behindNanos.getAsLong() / 1e6;
        double t = (System.nanoTime() - startNanos) / 1e9;
        TimelinePoint point = new TimelinePoint(round(t), now.label(), stats.openConnections(), delta.sent(),
                delta.received(), current.errors(), ms(interval, 50), ms(interval, 99), maxMs(interval), round(behindMs));
        timeline.add(point);
        out.println(line(point, sincePhase));
        for (String reason : current.errorsByReason().keySet()) {
            if (reportedReasons.add(reason)) {
                out.println("      new error: " + reason);
            }
        }
    }

    static String line(TimelinePoint p, Histogram sincePhase) {
        String p99 = sincePhase.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.2fms",
                LatencyRecorder.millis(sincePhase.getValueAtPercentile(99)));
        String behind = p.behindMs() * 1e6 > ScheduleDriver.LATE_NANOS
                ? String.format(Locale.ROOT, "  BEHIND SCHEDULE by %.0fms", p.behindMs()) : "";
        return String.format(Locale.ROOT, "%5.0fs %-7s conns %6d  sent/s %7d  recv/s %7d  p99 %9s  errors %d%s",
                p.t(), p.phase(), p.connections(), p.sent(), p.received(), p99, p.errorsTotal(), behind);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : round(LatencyRecorder.millis(h.getValueAtPercentile(percentile)));
    }

    private static double maxMs(Histogram h) {
        return h.getTotalCount() == 0 ? 0 : round(LatencyRecorder.millis(h.getMaxValue()));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** The seconds recorded so far. */
    public synchronized List<TimelinePoint> timeline() {
        return new ArrayList<>(timeline);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
