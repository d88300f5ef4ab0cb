package dev.signals.loadtest.report;

import dev.signals.loadtest.engine.ScrapedHistogram;
import java.nio.file.Path;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Small conversions shared by the runs: histogram summaries and the final console line. */
public final class Reports {
    private Reports() {
    }

    /** Percentiles of a microsecond histogram, in milliseconds. */
    public static RunReport.Latency latency(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new RunReport.Latency(0, 0, 0, 0, 0, 0, 0);
        }
        return new RunReport.Latency(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
                ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()),
                Math.round(micros.getMean()) / 1000.0);
    }

    /** The same, or null when nothing was recorded (a scenario that does not know its sends). */
    public static RunReport.Latency latencyIfAny(Histogram micros) {
        return micros == null || micros.getTotalCount() == 0 ? null : latency(micros);
    }

    /**
     * The server's own time per message between two scrapes of its {@code signal_relay_seconds}, in
     * milliseconds at its bucket bounds; null when either scrape lacks it or nothing was relayed.
     */
    public static RunReport.Latency serverRelay(ScrapedHistogram before, ScrapedHistogram after) {
        ScrapedHistogram window = before == null || after == null ? null : after.minus(before);
        if (window == null || window.observations() <= 0) {
            return null;
        }
        return new RunReport.Latency(window.observations(), secondsToMs(window.valueAt(50)),
                secondsToMs(window.valueAt(90)), secondsToMs(window.valueAt(99)), secondsToMs(window.valueAt(99.9)),
                secondsToMs(window.valueAt(100)), secondsToMs(window.meanSeconds()));
    }

    private static double secondsToMs(double seconds) {
        return Math.round(seconds * 1e6) / 1000.0;
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    /** The line printed when a run ends. */
    public static String summaryLine(RunReport r, Path dir) {
        return String.format(Locale.ROOT,
                "done: %s %s  throughput %.1f/s  p50 %.3fms  p99 %.3fms%s  errors %d%s  report %s",
                r.scenario(), r.label(), r.throughputPerSecond(), r.latency().p50(), r.latency().p99(),
                r.latencyFromSend() == null ? "" : String.format(Locale.ROOT, " (from send %.3fms)", r.latencyFromSend().p99()),
                r.errors(), r.schedule().behind() ? "  (generator-limited)" : "", dir.toAbsolutePath());
    }
}
