package dev.signals.loadtest.cli;

import dev.signals.loadtest.engine.ProcessSet;
import dev.signals.loadtest.net.Target;
import dev.signals.loadtest.scenario.RunSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of every load scenario: where the server is, how to reach and watch it, where results go. */
public final class TargetOptions {
    @Option(names = "--target", required = true, paramLabel = "URL",
            description = "server base URL, e.g. http://127.0.0.1:8080 (ws:// works too)")
    String target;

    @Option(names = "--more-targets", split = ",", paramLabel = "URL",
            description = "further nodes of the same clustered system; WebSockets go round-robin over --target and"
                    + " these, so each room spans nodes (HTTP requests go to --target)")
    List<String> moreTargets = new ArrayList<>();

    @Option(names = "--label", paramLabel = "NAME", description = "name of this server in reports and charts (default: host:port)")
    String label;

    @Option(names = "--out", paramLabel = "DIR",
            description = "directory for report.md, report.json and the PNG charts (default: loadtest-results/SCENARIO-TIME)")
    Path out;

    @Option(names = "--source-addresses", split = ",", paramLabel = "IP",
            description = "local addresses to connect from, round-robin, e.g. 127.0.0.2,127.0.0.3 "
                    + "(each allows ~28k connections to one server port)")
    List<String> sourceAddresses = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "generator event-loop threads (default: available cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--connect-timeout", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "TCP connect and upgrade timeout (default: ${DEFAULT-VALUE})", defaultValue = "10s")
    Duration connectTimeout;

    @Option(names = "--server-pid", split = ",", paramLabel = "PID",
            description = "server process to sample: CPU seconds and RSS from /proc/PID; several (comma-separated or "
                    + "repeated, e.g. the nodes of a cluster) are summed over the same window and also reported one by one")
    List<Long> serverPids = new ArrayList<>();

    @Option(names = "--backend-pid", split = ",", paramLabel = "PID",
            description = "processes the server depends on, e.g. every redis-server: their CPU and RSS, summed as for "
                    + "--server-pid, are reported as a figure of their own (backend), not added to the server's")
    List<Long> backendPids = new ArrayList<>();

    @Option(names = "--admin", paramLabel = "URL",
            description = "server admin base URL; heap used is read from its /metrics (jvm_memory_used_bytes, area=heap)")
    String admin;

    @Option(names = "--gc", description = "heap samples are the live set, counted by 'jcmd PID GC.class_histogram' after "
            + "a full GC (a JVM server, with one --server-pid); idle also writes heap-by-class.md")
    boolean gc;

    /** Settings with this command's target options applied over the defaults. */
    RunSettings settings(String scenario) {
        Target t = Target.parse(target);
        Path dir = out != null ? out : Path.of("loadtest-results",
                scenario + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        RunSettings s = RunSettings.defaults(t, dir)
                .withServer(processes("--server-pid", serverPids), admin, gc)
                .withBackend(processes("--backend-pid", backendPids))
                .withSources(addresses())
                .withMoreTargets(moreTargets.stream().map(Target::parse).toList());
        s = s.withOutput(dir, System.out, label != null ? label : s.label());
        return new RunSettings(s.target(), s.moreTargets(), s.label(), s.rate(), s.duration(), s.warmup(), s.drainTimeout(),
                s.connections(), s.roomSize(), s.messageSize(), s.sources(), Math.max(1, threads), connectTimeout,
                s.serverPids(), s.backendPids(), s.adminUrl(), s.gcBeforeSample(), s.outDir(), s.out());
    }

    private static ProcessSet processes(String option, List<Long> pids) {
        try {
            return new ProcessSet(pids);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    private List<InetAddress> addresses() {
        List<InetAddress> out = new ArrayList<>();
        for (String a : sourceAddresses) {
            try {
                out.add(InetAddress.getByName(a.trim()));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--source-addresses: not an address: " + a);
            }
        }
        return out;
    }
}
