package dev.signals.loadtest.report;

import java.util.List;
import java.util.Map;

/**
 * Everything one run found, as written to {@code report.json} and rendered into
 * {@code report.md} and the charts. Latencies are milliseconds, measured from each unit's
 * intended start (coordinated-omission corrected); counts cover the measured phase only.
 */
public record RunReport(
        String scenario,
        String label,
        String target,
        String startedAt,
        Map<String, String> parameters,
        double offeredRate,
        double measuredSeconds,
        long sent,
        long received,
        double throughputPerSecond,
        long errors,
        Map<String, Long> errorsByReason,
        long warmupErrors,
        Latency latency,
        Schedule schedule,
        Server server,
        Map<String, Object> extras,
        Double maxSustainableRate,
        List<Step> steps,
        List<List<Double>> percentileCurve,
        List<TimelinePoint> timeline) {

    /** Latency summary in milliseconds over {@code count} completed units. */
    public record Latency(long count, double p50, double p90, double p99, double p999, double max, double mean) {
    }

    /**
     * How well the generator kept its own schedule: sends fired more than 10 ms late, the worst
     * lag, whether the run is generator-limited (its numbers then understate the server), and
     * the generator process's own CPU seconds over the measured window (-1 when unknown).
     */
    public record Schedule(long lateSends, double maxBehindMs, boolean behind, double cpuSeconds) {
        public Schedule(long lateSends, double maxBehindMs, boolean behind) {
            this(lateSends, maxBehindMs, behind, -1);
        }
    }

    /**
     * The server process during the measured phase, when {@code --server-pid}/{@code --admin}
     * were given; unknown values are -1.
     */
    public record Server(long pid, double cpuSeconds, double unitsPerCpuSecond,
                         long rssBeforeBytes, long rssAfterBytes, long heapBeforeBytes, long heapAfterBytes) {
    }

    /** One window of a maximum-rate search. */
    public record Step(double rate, double throughputPerSecond, double p50Ms, double p99Ms, long errors,
                       boolean behind, boolean sustainable) {
    }
}
