package dev.signals.loadtest.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signals.loadtest.engine.ProcessSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run found, as written to {@code report.json} and rendered into
 * {@code report.md} and the charts. Latencies are milliseconds, measured from each unit's
 * intended start (coordinated-omission corrected); counts cover the measured phase only.
 * {@code latencyFromSend}, where the scenario knows when each unit actually left, is measured
 * from then: the gap to {@code latency} is the generator's own lag (absent otherwise).
 * {@code serverRelay}, where the server publishes {@code signal_relay_seconds} and its admin URL was
 * given, is the server's own time per message over the measured window, from its arrival to its
 * write: percentiles are the server's bucket bounds, {@code max} the last bucket that holds one.
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
        @JsonInclude(JsonInclude.Include.NON_NULL) Latency latencyFromSend,
        @JsonInclude(JsonInclude.Include.NON_NULL) Latency serverRelay,
        Schedule schedule,
        Server server,
        @JsonInclude(JsonInclude.Include.NON_NULL) Server backend,
        Map<String, Object> extras,
        Double maxSustainableRate,
        List<Step> steps,
        List<List<Double>> percentileCurve,
        List<TimelinePoint> timeline) {

    /** A report without latency from the actual sends or the server's own (a scenario or server that cannot tell). */
    public RunReport(String scenario, String label, String target, String startedAt, Map<String, String> parameters,
                     double offeredRate, double measuredSeconds, long sent, long received, double throughputPerSecond,
                     long errors, Map<String, Long> errorsByReason, long warmupErrors, Latency latency, Schedule schedule,
                     Server server, Server backend, Map<String, Object> extras, Double maxSustainableRate,
                     List<Step> steps, List<List<Double>> percentileCurve, List<TimelinePoint> timeline) {
        this(scenario, label, target, startedAt, parameters, offeredRate, measuredSeconds, sent, received,
                throughputPerSecond, errors, errorsByReason, warmupErrors, latency, null, null, schedule, server, backend,
                extras, maxSustainableRate, steps, percentileCurve, timeline);
    }

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
     * The server's processes during the measured phase, when {@code --server-pid}/{@code --admin}
     * were given, or (as {@code backend}) those of {@code --backend-pid}; unknown values are -1.
     * {@code pid} is the first process; CPU seconds and RSS are summed over them all, and with more
     * than one process {@code cpuSecondsByPid} has each one's share (absent otherwise, so a report
     * of one process reads as it always did).
     */
    public record Server(long pid, double cpuSeconds, double unitsPerCpuSecond,
                         long rssBeforeBytes, long rssAfterBytes, long heapBeforeBytes, long heapAfterBytes,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<Long, Double> cpuSecondsByPid) {
        public Server {
            cpuSecondsByPid = cpuSecondsByPid == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(cpuSecondsByPid));
        }

        public Server(long pid, double cpuSeconds, double unitsPerCpuSecond,
                      long rssBeforeBytes, long rssAfterBytes, long heapBeforeBytes, long heapAfterBytes) {
            this(pid, cpuSeconds, unitsPerCpuSecond, rssBeforeBytes, rssAfterBytes, heapBeforeBytes, heapAfterBytes, Map.of());
        }

        /**
         * The figures of {@code set} between two readings; {@code completed} units over its CPU
         * seconds make {@code unitsPerCpuSecond} (-1 when {@code completed} is negative).
         */
        public static Server between(ProcessSet set, ProcessSet.Reading before, ProcessSet.Reading after,
                                     long heapBeforeBytes, long heapAfterBytes, long completed) {
            double cpu = ProcessSet.cpuUsed(before, after);
            return new Server(set.first(), cpu, completed >= 0 && cpu > 0 ? completed / cpu : -1,
                    before.rssBytes(), after.rssBytes(), heapBeforeBytes, heapAfterBytes, set.cpuBetween(before, after));
        }

        /** The same processes credited with {@code completed} units instead. */
        public Server recount(long completed) {
            return new Server(pid, cpuSeconds, cpuSeconds > 0 ? completed / cpuSeconds : -1,
                    rssBeforeBytes, rssAfterBytes, heapBeforeBytes, heapAfterBytes, cpuSecondsByPid);
        }
    }

    /** One window of a maximum-rate search. */
    public record Step(double rate, double throughputPerSecond, double p50Ms, double p99Ms, long errors,
                       boolean behind, boolean sustainable) {
    }
}
