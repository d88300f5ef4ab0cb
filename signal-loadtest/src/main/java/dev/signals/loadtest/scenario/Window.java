package dev.signals.loadtest.scenario;

import dev.signals.loadtest.engine.ServerProbe;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One measured window of fixed-rate load: what was offered and sent, what completed inside the
 * window, errors (including units that never completed), the latency histograms (µs, from
 * intended times, and from the actual sends where the scenario knows them), how late the generator fired, the server before and after, and the CPU the
 * generator itself used in the window (-1 when unknown).
 */
public record Window(double rate, double seconds, long sent, long completedInWindow, long completed,
                     long errors, Map<String, Long> errorsByReason, long warmupErrors, Histogram latencyMicros,
                     Histogram fromSendMicros, long lateSends, double maxBehindMs, ServerProbe.Sample serverBefore, ServerProbe.Sample serverAfter,
                     double generatorCpuSeconds) {

    /** Share of late sends beyond which a window measures the generator rather than the server. */
    public static final double BEHIND_SHARE = 0.01;

    public double throughput() {
        return seconds <= 0 ? 0 : completedInWindow / seconds;
    }

    /** More than 1 % of the sends left the generator over 10 ms late. */
    public boolean behind() {
        return sent > 0 && lateSends > sent * BEHIND_SHARE;
    }

    public double p99Ms() {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(99) / 1000.0;
    }

    public double p50Ms() {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(50) / 1000.0;
    }

    /**
     * The server kept up: no errors (a unit still unanswered after the drain is one) and p99
     * within the limit. A late generator does not disqualify a window by itself: latency is
     * measured from intended times, so its lag is already charged to the p99; {@link #behind}
     * then only says which side to suspect when a window fails.
     */
    public boolean sustainable(double p99LimitMs) {
        return errors == 0 && latencyMicros.getTotalCount() > 0 && p99Ms() <= p99LimitMs;
    }

    /** Server CPU seconds used during the window, or -1. */
    public double serverCpuSeconds() {
        if (serverBefore.cpuSeconds() < 0 || serverAfter.cpuSeconds() < 0) {
            return -1;
        }
        return serverAfter.cpuSeconds() - serverBefore.cpuSeconds();
    }
}
