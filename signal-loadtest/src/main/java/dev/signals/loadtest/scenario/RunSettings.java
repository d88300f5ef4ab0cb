package dev.signals.loadtest.scenario;

import dev.signals.loadtest.engine.Durations;
import dev.signals.loadtest.engine.ProcessSet;
import dev.signals.loadtest.net.Target;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options every scenario shares, resolved once from the command line (or built by tests).
 * Immutable; the {@code with…} methods return changed copies. {@code moreTargets} are further
 * nodes of one clustered system: WebSockets go round-robin over the target and them, so
 * consecutive clients (a room) are spread over nodes (docs/benchmarks.md).
 */
public record RunSettings(Target target, List<Target> moreTargets, String label, double rate, Duration duration, Duration warmup,
                          Duration drainTimeout, int connections, int roomSize, int messageSize,
                          List<InetAddress> sources, int threads, Duration connectTimeout,
                          ProcessSet serverPids, ProcessSet backendPids, String adminUrl, boolean gcBeforeSample, Path outDir, PrintStream out) {

    /** Sensible defaults for a target: 1000/s for 30 s after 5 s warm-up, 100 connections in pairs. */
    public static RunSettings defaults(Target target, Path outDir) {
        return new RunSettings(target, List.of(), target.host() + ":" + target.port(), 1000, Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 100, 2, 2048, List.of(),
                Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(10), ProcessSet.NONE, ProcessSet.NONE, null, false, outDir, System.out);
    }

    public RunSettings withRate(double value) {
        return new RunSettings(target, moreTargets, label, value, duration, warmup, drainTimeout, connections, roomSize, messageSize,
                sources, threads, connectTimeout, serverPids, backendPids, adminUrl, gcBeforeSample, outDir, out);
    }

    public RunSettings withTiming(Duration warmupValue, Duration durationValue) {
        return new RunSettings(target, moreTargets, label, rate, durationValue, warmupValue, drainTimeout, connections, roomSize,
                messageSize, sources, threads, connectTimeout, serverPids, backendPids, adminUrl, gcBeforeSample, outDir, out);
    }

    public RunSettings withConnections(int count, int room) {
        return new RunSettings(target, moreTargets, label, rate, duration, warmup, drainTimeout, count, room, messageSize,
                sources, threads, connectTimeout, serverPids, backendPids, adminUrl, gcBeforeSample, outDir, out);
    }

    /** The server's processes (CPU summed over them), its admin URL and whether heap samples follow a full GC. */
    public RunSettings withServer(ProcessSet pids, String admin, boolean gc) {
        return new RunSettings(target, moreTargets, label, rate, duration, warmup, drainTimeout, connections, roomSize, messageSize,
                sources, threads, connectTimeout, pids, backendPids, admin, gc, outDir, out);
    }

    /** One server process (0 when unknown). */
    public RunSettings withServer(long pid, String admin, boolean gc) {
        return withServer(pid > 0 ? ProcessSet.of(pid) : ProcessSet.NONE, admin, gc);
    }

    /** Processes reported as a figure of their own beside the server's, e.g. its Redis. */
    public RunSettings withBackend(ProcessSet pids) {
        return new RunSettings(target, moreTargets, label, rate, duration, warmup, drainTimeout, connections, roomSize, messageSize,
                sources, threads, connectTimeout, serverPids, pids, adminUrl, gcBeforeSample, outDir, out);
    }

    public RunSettings withOutput(Path dir, PrintStream stream, String labelValue) {
        return new RunSettings(target, moreTargets, labelValue, rate, duration, warmup, drainTimeout, connections, roomSize,
                messageSize, sources, threads, connectTimeout, serverPids, backendPids, adminUrl, gcBeforeSample, dir, stream);
    }

    public RunSettings withSources(List<InetAddress> addresses) {
        return new RunSettings(target, moreTargets, label, rate, duration, warmup, drainTimeout, connections, roomSize, messageSize,
                List.copyOf(addresses), threads, connectTimeout, serverPids, backendPids, adminUrl, gcBeforeSample, outDir, out);
    }

    public RunSettings withMoreTargets(List<Target> targets) {
        return new RunSettings(target, List.copyOf(targets), label, rate, duration, warmup, drainTimeout, connections, roomSize,
                messageSize, sources, threads, connectTimeout, serverPids, backendPids, adminUrl, gcBeforeSample, outDir, out);
    }

    /** The target first, then {@link #moreTargets}. */
    public List<Target> allTargets() {
        List<Target> all = new java.util.ArrayList<>(1 + moreTargets.size());
        all.add(target);
        all.addAll(moreTargets);
        return all;
    }

    /** The shared parameters as the report lists them. */
    public Map<String, String> describe() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("rate", Double.toString(rate));
        p.put("duration", Durations.format(duration));
        p.put("warmup", Durations.format(warmup));
        p.put("connections", Integer.toString(connections));
        p.put("room-size", Integer.toString(roomSize));
        p.put("message-size", Integer.toString(messageSize));
        p.put("threads", Integer.toString(threads));
        if (!moreTargets.isEmpty()) {
            p.put("more-targets", String.join(",", moreTargets.stream().map(t -> t.httpUrl("")).toList()));
        }
        if (!sources.isEmpty()) {
            p.put("source-addresses", String.join(",", sources.stream().map(InetAddress::getHostAddress).toList()));
        }
        return p;
    }
}
