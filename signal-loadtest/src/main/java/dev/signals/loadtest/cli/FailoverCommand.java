package dev.signals.loadtest.cli;

import dev.signals.loadtest.failover.FailoverDialect;
import dev.signals.loadtest.failover.FailoverReport;
import dev.signals.loadtest.failover.FailoverRun;
import dev.signals.loadtest.failover.FailoverSettings;
import dev.signals.loadtest.failover.NodeKiller;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code failover}: resumable room, call or domain pairs over several nodes, one node killed mid-run; loss, duplicates, resume times. */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = {"Pairs of clients relay numbered messages over resumable sessions (docs/resume.md) at a fixed total rate, "
                + "each pair's two members on different nodes; one node is killed mid-run and its clients resume on "
                + "another node with last_seq, resending what the server had not processed (cseq).",
            "--dialect room: room pairs send offers to each other over their sockets. call: the two seats of a call post "
                + "OFFERs to each other with POST /signal through their own node and read them on their sockets. domain: an "
                + "offering domain posts offers with POST /offer through its own node, the answering domain answers each over "
                + "its socket.",
            "Reports, counted per pair and direction, every message sent, received, lost and duplicated, and each "
                + "client's time from losing its socket to 'resumed' (p50/p99). Exit status 1 when anything was lost or "
                + "duplicated or a session expired (a POST whose node died before answering is in doubt, not lost)."})
public final class FailoverCommand implements Callable<Integer> {
    @Option(names = "--targets", required = true, split = ",", paramLabel = "URL",
            description = "the nodes, e.g. http://127.0.0.1:8080,http://127.0.0.1:8081 (at least two)")
    List<String> targets;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Kill kill;

    static final class Kill {
        @Option(names = "--kill-pid", paramLabel = "PID", description = "kill this node process with SIGKILL")
        Long pid;

        @Option(names = "--kill-cmd", paramLabel = "COMMAND", description = "run this shell command to kill a node (e.g. 'docker kill node1')")
        String command;

        NodeKiller killer() {
            return pid != null ? NodeKiller.pid(pid) : NodeKiller.command(command);
        }
    }

    @Option(names = "--dialect", defaultValue = "room", paramLabel = "room|call|domain",
            description = "which dialect the pairs speak (default: ${DEFAULT-VALUE})")
    String dialect;

    @Option(names = "--kill-after", converter = DurationConverter.class, defaultValue = "10s", paramLabel = "DURATION",
            description = "when to kill the node, from the start of the relay (default: ${DEFAULT-VALUE})")
    Duration killAfter;

    @Option(names = "--pairs", defaultValue = "50", paramLabel = "N", description = "client pairs (default: ${DEFAULT-VALUE})")
    int pairs;

    @Option(names = "--rate", defaultValue = "500", paramLabel = "PER_SECOND",
            description = "messages per second over all pairs and both directions (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", converter = DurationConverter.class, defaultValue = "30s", paramLabel = "DURATION",
            description = "how long the relay runs (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--drain-timeout", converter = DurationConverter.class, defaultValue = "15s", paramLabel = "DURATION",
            description = "after the relay, how long to wait for messages still owed; what is missing then is lost (default: ${DEFAULT-VALUE})")
    Duration drainTimeout;

    @Option(names = "--message-size", defaultValue = "256", paramLabel = "BYTES", description = "size of each message (default: ${DEFAULT-VALUE})")
    int messageSize;

    @Option(names = "--path", paramLabel = "PATH",
            description = "the dialect's WebSocket path (default: /connect for room, /ws for call, /ws for domain, which adds /{domain})")
    String path;

    @Option(names = "--connect-timeout", converter = DurationConverter.class, defaultValue = "2s", paramLabel = "DURATION",
            description = "TCP connect and upgrade timeout per attempt (default: ${DEFAULT-VALUE})")
    Duration connectTimeout;

    @Option(names = "--threads", paramLabel = "N", description = "client threads (default: available cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--label", defaultValue = "signal", paramLabel = "NAME", description = "name in the report (default: ${DEFAULT-VALUE})")
    String label;

    @Option(names = "--out", paramLabel = "DIR", description = "directory for report.md and report.json (default: loadtest-results/failover-TIME)")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path dir = out != null ? out : Path.of("loadtest-results",
                "failover-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        FailoverSettings settings = new FailoverSettings(targets, FailoverDialect.of(dialect), path, pairs, rate, duration, killAfter, drainTimeout,
                connectTimeout, messageSize, threads, kill.killer(), label, dir, System.out);
        FailoverReport report;
        try (FailoverRun run = new FailoverRun(settings)) {
            report = run.run();
        }
        return report.total().exact() && report.expired() == 0 ? 0 : 1;
    }
}
