package dev.signals.loadtest.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * One report from the reports of a run's shards (docs/benchmarks.md § Shards): counts, rates and
 * generator CPU add up, latencies come from the sum of the shards' histograms (never from
 * averaging percentiles), the worst lag wins, and the server's CPU is the largest any shard
 * sampled, since every shard that watched the server watched it over about the same window (its
 * own time per message comes from that shard too).
 * Extras that are whole numbers count things in a shard's own connections (the closed loop's
 * pairs) and add up; fractional ones (averages) are left out.
 */
public final class ShardMerge {
    private ShardMerge() {
    }

    /**
     * A shard's report and its measured latency histograms in microseconds: from the intended
     * times, and from the actual sends (empty when the shard's scenario does not know them).
     */
    public record Part(RunReport report, Histogram latencyMicros, Histogram fromSendMicros) {
        public Part(RunReport report, Histogram latencyMicros) {
            this(report, latencyMicros, new Histogram(latencyMicros.getHighestTrackableValue(),
                    latencyMicros.getNumberOfSignificantValueDigits()));
        }
    }

    /** The merged histogram of {@code parts}. */
    public static Histogram latency(List<Part> parts) {
        return sum(parts, Part::latencyMicros);
    }

    /** The merged histogram of {@code parts} from the actual sends. */
    public static Histogram latencyFromSend(List<Part> parts) {
        return sum(parts, Part::fromSendMicros);
    }

    private static Histogram sum(List<Part> parts, Function<Part, Histogram> which) {
        Histogram total = new Histogram(parts.get(0).latencyMicros().getHighestTrackableValue(),
                parts.get(0).latencyMicros().getNumberOfSignificantValueDigits());
        for (Part p : parts) {
            total.add(which.apply(p));
        }
        return total;
    }

    /** The report of the whole run, labelled {@code label} (null: the first shard's label). */
    public static RunReport merge(List<Part> parts, String label) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        RunReport first = parts.get(0).report();
        for (Part p : parts) {
            if (!p.report().scenario().equals(first.scenario())) {
                throw new IllegalArgumentException("cannot merge a " + p.report().scenario() + " run into a "
                        + first.scenario() + " run");
            }
        }
        Histogram latency = latency(parts);
        long sent = 0;
        long received = 0;
        long errors = 0;
        long warmupErrors = 0;
        long late = 0;
        double offered = 0;
        double throughput = 0;
        double seconds = 0;
        double maxBehind = 0;
        double generatorCpu = 0;
        boolean generatorCpuKnown = true;
        RunReport.Server server = first.server();
        RunReport.Latency serverRelay = first.serverRelay();
        RunReport.Server backend = null;
        Map<String, Long> errorsByReason = new TreeMap<>();
        for (Part p : parts) {
            RunReport r = p.report();
            sent += r.sent();
            received += r.received();
            errors += r.errors();
            warmupErrors += r.warmupErrors();
            offered += r.offeredRate();
            throughput += r.throughputPerSecond();
            seconds = Math.max(seconds, r.measuredSeconds());
            late += r.schedule().lateSends();
            maxBehind = Math.max(maxBehind, r.schedule().maxBehindMs());
            generatorCpuKnown &= r.schedule().cpuSeconds() > 0;
            generatorCpu += r.schedule().cpuSeconds();
            r.errorsByReason().forEach((k, v) -> errorsByReason.merge(k, v, Long::sum));
            if (r.server().cpuSeconds() > server.cpuSeconds()) {
                server = r.server();
                serverRelay = r.serverRelay();
            }
            if (r.backend() != null && (backend == null || r.backend().cpuSeconds() > backend.cpuSeconds())) {
                backend = r.backend();
            }
        }
        RunReport.Server merged = server.recount(received);
        RunReport.Server mergedBackend = backend == null ? null : backend.recount(received);
        Map<String, String> parameters = new LinkedHashMap<>(first.parameters());
        parameters.remove("shard");
        parameters.put("rate", Double.toString(offered));
        parameters.put("shards", Integer.toString(parts.size()));
        Map<String, Object> extras = new LinkedHashMap<>();
        for (Part p : parts) {
            p.report().extras().forEach((k, v) -> {
                if (v instanceof Integer || v instanceof Long) {
                    extras.merge(k, ((Number) v).longValue(), (a, b) -> (Long) a + (Long) b);
                }
            });
        }
        extras.put("shards merged", parts.size());
        String startedAt = parts.stream().map(p -> p.report().startedAt()).min(Comparator.naturalOrder()).orElse(first.startedAt());
        return new RunReport(first.scenario(), label != null ? label : baseLabel(first.label()), first.target(), startedAt,
                parameters, offered, seconds, sent, received, throughput, errors, errorsByReason, warmupErrors,
                Reports.latency(latency), Reports.latencyIfAny(latencyFromSend(parts)), serverRelay,
                new RunReport.Schedule(late, maxBehind, sent > 0 && late > sent * 0.01, generatorCpuKnown ? generatorCpu : -1),
                merged, mergedBackend, extras, null, List.of(), Charts.percentileCurve(latency), timeline(parts));
    }

    /**
     * The shards' progress lines added up, second by second from each shard's start; a second's
     * percentiles are the worst shard's, since per-second histograms are not kept.
     */
    private static List<TimelinePoint> timeline(List<Part> parts) {
        List<TimelinePoint> out = new ArrayList<>();
        int longest = parts.stream().mapToInt(p -> p.report().timeline().size()).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            TimelinePoint sum = null;
            for (Part p : parts) {
                List<TimelinePoint> t = p.report().timeline();
                if (i >= t.size()) {
                    continue;
                }
                TimelinePoint x = t.get(i);
                sum = sum == null ? x : new TimelinePoint(sum.t(), sum.phase(), sum.connections() + x.connections(),
                        sum.sent() + x.sent(), sum.received() + x.received(), sum.errorsTotal() + x.errorsTotal(),
                        Math.max(sum.p50Ms(), x.p50Ms()), Math.max(sum.p99Ms(), x.p99Ms()), Math.max(sum.maxMs(), x.maxMs()),
                        Math.max(sum.behindMs(), x.behindMs()));
            }
            out.add(sum);
        }
        return out;
    }

    /** A shard's label without its {@code " shard i/n"} suffix. */
    static String baseLabel(String label) {
        return label.replaceAll(" shard \\d+/\\d+$", "");
    }
}
