package dev.signals.loadtest.cli;

import dev.signals.loadtest.engine.ServerProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code probe}: one sample of a server's CPU, RSS and heap, as a JSON line (for scripts). */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Prints one JSON line {\"cpu_seconds\":…,\"rss_bytes\":…,\"heap_used_bytes\":…} for a server process "
                + "(-1 where unknown). Used by bench/run.sh around multi-process idle runs.")
public final class ProbeCommand implements Callable<Integer> {
    @Option(names = "--server-pid", paramLabel = "PID", description = "server process (CPU and RSS from /proc)")
    long pid;

    @Option(names = "--admin", paramLabel = "URL", description = "server admin base URL (heap from /metrics)")
    String admin;

    @Option(names = "--gc", description = "heap_used_bytes is the live set, counted by 'jcmd PID GC.class_histogram' "
            + "after a full GC (needs --server-pid); without it, heap in use from --admin's /metrics")
    boolean gc;

    @Option(names = "--histogram-out", paramLabel = "FILE",
            description = "with --gc, also write the live objects by class to FILE (read by heap-growth)")
    Path histogramOut;

    @Override
    public Integer call() throws IOException {
        ServerProbe.Sample s = new ServerProbe(pid, admin, gc).sample();
        if (histogramOut != null && s.live().totalBytes() >= 0) {
            Files.writeString(histogramOut, s.live().format());
        }
        System.out.println(String.format(Locale.ROOT, "{\"cpu_seconds\":%.3f,\"rss_bytes\":%d,\"heap_used_bytes\":%d}",
                s.cpuSeconds(), s.rssBytes(), s.heapUsedBytes()));
        return ExitCodes.OK;
    }
}
