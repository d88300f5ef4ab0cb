package dev.signals.loadtest.failover;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a failover run does: {@code pairs} pairs of {@code dialect} clients spread over the nodes at {@code targets}
 * (each pair's two members on different nodes), relaying {@code rate} messages a second in all
 * for {@code duration}; {@code killer} kills a node {@code killAfter} into it; after the
 * schedule, up to {@code drainTimeout} for late deliveries. {@code path} is the dialect's
 * WebSocket path ({@code null}: its default). Immutable.
 */
public record FailoverSettings(List<String> targets, FailoverDialect dialect, String path, int pairs, double rate, Duration duration,
                               Duration killAfter, Duration drainTimeout, Duration connectTimeout, int messageSize,
                               int threads, NodeKiller killer, String label, Path outDir, PrintStream out) {
    public FailoverSettings {
        targets = List.copyOf(targets);
        if (path == null) {
            path = dialect.defaultPath();
        }
        if (targets.size() < 2) {
            throw new IllegalArgumentException("failover needs at least two --targets (the nodes)");
        }
        if (pairs < 1) {
            throw new IllegalArgumentException("--pairs must be at least 1");
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be above zero");
        }
        if (killAfter.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("--kill-after must be shorter than --duration");
        }
    }
}
