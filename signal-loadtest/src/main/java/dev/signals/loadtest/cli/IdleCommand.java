package dev.signals.loadtest.cli;

import dev.signals.loadtest.scenario.IdleRun;
import dev.signals.loadtest.scenario.RunSettings;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code idle}: how many WebSockets a server holds, and what each one costs it. */
@Command(name = "idle", mixinStandardHelpOptions = true,
        description = {"Opens --connections WebSockets at --ramp-rate per second, holds them for --duration, and reports "
                + "connections held, failures, connect latency and, with --server-pid/--admin, the server's RSS and heap per "
                + "connection (add --gc for live-set heap figures).",
            "A process may open a limited number of files: spread large counts over several generator processes."})
public final class IdleCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Option(names = "--connections", defaultValue = "1000", paramLabel = "N", description = "WebSockets to open (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--ramp-rate", defaultValue = "500", paramLabel = "PER_SECOND",
            description = "new connections per second (default: ${DEFAULT-VALUE})")
    double rampRate;

    @Option(names = "--duration", converter = DurationConverter.class, defaultValue = "30s", paramLabel = "DURATION",
            description = "hold time after the ramp (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--path", defaultValue = "/connect", paramLabel = "PATH", description = "WebSocket path (default: ${DEFAULT-VALUE})")
    String path;

    @Override
    public Integer call() throws Exception {
        if (!(rampRate > 0) || connections < 1) {
            throw new IllegalArgumentException("--ramp-rate and --connections must be above zero");
        }
        RunSettings base = target.settings("idle");
        RunSettings settings = new RunSettings(base.target(), base.moreTargets(), base.label(), rampRate, duration, Duration.ZERO,
                Duration.ZERO, connections, 0, 0, base.sources(), base.threads(), base.connectTimeout(),
                base.serverPids(), base.backendPids(), base.adminUrl(), base.gcBeforeSample(), base.outDir(), base.out());
        try (IdleRun run = new IdleRun(settings, path, rampRate)) {
            return ExitCodes.of(run.run());
        }
    }
}
