package dev.signals.loadtest.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import reactor.netty.http.client.HttpClient;

/**
 * Samples a server from outside: CPU seconds and resident memory from {@code /proc/PID} of each of
 * its processes (and of its backend's, e.g. Redis, kept apart), and the JVM heap. With
 * {@code gcFirst} (a local JVM, by pid) the heap is its live set, counted by
 * {@code jcmd PID GC.class_histogram} after a full collection, with the live objects by class for
 * attribution; otherwise, given its admin URL, the heap in use from its Prometheus {@code /metrics},
 * which also counts the young generation's garbage. From the same scrape, signal's own time per
 * relayed message ({@value #RELAY_HISTOGRAM}). Missing sources give -1 (or null), never an exception.
 */
public final class ServerProbe {
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    /** signal's histogram of a message's arrival to its write to the target (docs/production.md "Metrics"). */
    public static final String RELAY_HISTOGRAM = "signal_relay_seconds";

    private final ProcessSet server;
    private final ProcessSet backend;
    private final String adminUrl;
    private final boolean gcFirst;
    private final long ticksPerSecond;

    /**
     * @param server the server's processes, CPU summed over them ({@code --server-pid})
     * @param backend processes reported as a figure of their own, e.g. Redis ({@code --backend-pid})
     * @param adminUrl base URL of the server's admin listener (e.g. {@code http://127.0.0.1:8090}), or null
     * @param gcFirst read the live heap with {@code jcmd PID GC.class_histogram} (a full GC first); one server pid only
     */
    public ServerProbe(ProcessSet server, ProcessSet backend, String adminUrl, boolean gcFirst) {
        if (gcFirst && server.pids().size() > 1) {
            throw new IllegalArgumentException("--gc reads one JVM's live heap: give one --server-pid with it");
        }
        this.server = server;
        this.backend = backend;
        this.adminUrl = adminUrl == null || adminUrl.isBlank() ? null : adminUrl.replaceAll("/+$", "");
        this.gcFirst = gcFirst;
        this.ticksPerSecond = server.isEmpty() && backend.isEmpty() ? 100 : clockTicks();
    }

    /** One server process (0 when unknown) and no backend. */
    public ServerProbe(long pid, String adminUrl, boolean gcFirst) {
        this(pid > 0 ? ProcessSet.of(pid) : ProcessSet.NONE, ProcessSet.NONE, adminUrl, gcFirst);
    }

    /**
     * One sample: the server's and the backend's processes, read back to back so that both figures
     * cover the same window; heap fields it cannot read are -1, the histogram {@link HeapHistogram#NONE}.
     */
    public record Sample(ProcessSet.Reading server, ProcessSet.Reading backend, long heapUsedBytes, HeapHistogram live,
                         ScrapedHistogram relay) {
        public static final Sample NONE = new Sample(ProcessSet.Reading.NONE, ProcessSet.Reading.NONE, -1, HeapHistogram.NONE);

        /** A sample without the server's relay histogram (a server without {@code /metrics}, or not signal). */
        public Sample(ProcessSet.Reading server, ProcessSet.Reading backend, long heapUsedBytes, HeapHistogram live) {
            this(server, backend, heapUsedBytes, live, null);
        }

        /** The server's CPU seconds, summed over its processes; -1 when unknown. */
        public double cpuSeconds() {
            return server.cpuSeconds();
        }

        /** The server's resident memory, summed over its processes; -1 when unknown. */
        public long rssBytes() {
            return server.rssBytes();
        }
    }

    public boolean enabled() {
        return !server.isEmpty() || !backend.isEmpty() || adminUrl != null;
    }

    public Sample sample() {
        // With --gc, the live set only: a full GC followed by reading "heap used" would also count what
        // the server allocated in between, the metrics scrape itself included (docs/benchmarks.md).
        HeapHistogram live = gcFirst && !server.isEmpty() ? liveHistogram(server.first()) : HeapHistogram.NONE;
        ProcessSet.Reading serverReading = read(server);
        ProcessSet.Reading backendReading = read(backend);
        String scrape = scrape();
        if (scrape == null) {
            return new Sample(serverReading, backendReading, live.totalBytes(), live);
        }
        long heap = live.totalBytes() >= 0 ? live.totalBytes() : parseHeapUsed(scrape);
        return new Sample(serverReading, backendReading, heap, live, ScrapedHistogram.parse(scrape, RELAY_HISTOGRAM));
    }

    /** Every pid's CPU back to back, then their memory, so that the CPU figures are as close as /proc allows. */
    private ProcessSet.Reading read(ProcessSet set) {
        if (set.isEmpty()) {
            return ProcessSet.Reading.NONE;
        }
        List<Double> cpu = new ArrayList<>(set.pids().size());
        for (long pid : set.pids()) {
            cpu.add(cpuSeconds(pid));
        }
        long rss = 0;
        for (long pid : set.pids()) {
            long r = rssBytes(pid);
            rss = rss < 0 || r < 0 ? -1 : rss + r;
        }
        return new ProcessSet.Reading(cpu, rss);
    }

    /** utime + stime of {@code /proc/PID/stat} (fields 14 and 15), in seconds. */
    private double cpuSeconds(long pid) {
        try {
            return parseCpuTicks(Files.readString(Path.of("/proc/" + pid + "/stat"))) / (double) ticksPerSecond;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The tick count in a {@code /proc/PID/stat} line; the command name may hold spaces and parentheses. */
    static long parseCpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // After "pid (comm) " the fields start at field 3 (state): utime is field 14, stime 15.
        return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
    }

    private static long rssBytes(long pid) {
        try {
            return parseVmRss(Files.readString(Path.of("/proc/" + pid + "/status")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long parseVmRss(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return -1;
    }

    /** The server's {@code /metrics}, or null without an admin URL or an answer. */
    private String scrape() {
        if (adminUrl == null) {
            return null;
        }
        try {
            return HttpClient.create().responseTimeout(HTTP_TIMEOUT)
                    .get().uri(adminUrl + "/metrics")
                    .responseContent().aggregate().asString(StandardCharsets.UTF_8)
                    .block(HTTP_TIMEOUT);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Sum of every {@code jvm_memory_used_bytes{area="heap",…}} pool in a Prometheus scrape. */
    static long parseHeapUsed(String scrape) {
        double sum = 0;
        boolean found = false;
        for (String line : scrape.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                String value = line.substring(line.lastIndexOf('}') + 1).trim().split("\\s+")[0];
                sum += Double.parseDouble(value);
                found = true;
            }
        }
        return found ? (long) sum : -1;
    }

    /** {@code jcmd PID GC.class_histogram}: a full collection, then the reachable objects by class. */
    private static HeapHistogram liveHistogram(long pid) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return HeapHistogram.NONE;
            }
            return HeapHistogram.parse(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return HeapHistogram.NONE; // jcmd missing or not a JVM: heap is then read from /metrics
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HeapHistogram.NONE;
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
