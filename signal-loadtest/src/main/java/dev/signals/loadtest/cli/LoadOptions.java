package dev.signals.loadtest.cli;

import dev.signals.loadtest.engine.Shard;
import dev.signals.loadtest.scenario.RunSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options of the fixed-rate scenarios: how much load, for how long, over how many connections. */
public final class LoadOptions {
    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "1000",
            description = "units of work started per second, on a fixed schedule (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", converter = DurationConverter.class, defaultValue = "30s", paramLabel = "DURATION",
            description = "measured time after the warm-up (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", converter = DurationConverter.class, defaultValue = "20s", paramLabel = "DURATION",
            description = "load before measuring starts, not counted, stepping up through 10, 25 and 50 %% of the rate "
                    + "so that both JITs are warm before the full rate arrives (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--drain-timeout", converter = DurationConverter.class, defaultValue = "5s", paramLabel = "DURATION",
            description = "after the schedule ends, how long to wait for outstanding work; what is left counts as errors (default: ${DEFAULT-VALUE})")
    Duration drainTimeout;

    @Option(names = "--connections", defaultValue = "100", paramLabel = "N",
            description = "connections (room-relay: clients; domain: sockets, in pairs) (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--message-size", defaultValue = "2048", paramLabel = "BYTES",
            description = "size of each SDP sent (default: ${DEFAULT-VALUE})")
    int messageSize;

    @Option(names = "--shard", paramLabel = "I/N", converter = ShardConverter.class, defaultValue = "0/1",
            description = "run part I (from 0) of a run split over N generator processes: this process opens its share of "
                    + "--connections (whole rooms or pairs) and offers the same share of --rate; 'merge' adds the parts' "
                    + "reports up (default: the whole run)")
    Shard shard;

    /** The run's settings, reduced to this process's shard; {@code roomSize} 0 for the exchange scenarios. */
    RunSettings apply(RunSettings s, int roomSize) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be above zero");
        }
        // Connections are split in whole rooms (room-relay) or pairs (domain); the others do not mind.
        int group = roomSize > 0 ? roomSize : 2;
        int mine = shard.connections(connections, group);
        double myRate = shard.rate(rate, connections, group);
        String label = shard.whole() ? s.label() : s.label() + " shard " + shard;
        return new RunSettings(s.target(), s.moreTargets(), label, myRate, duration, warmup, drainTimeout, mine, roomSize,
                messageSize, s.sources(), s.threads(), s.connectTimeout(), s.serverPids(), s.backendPids(), s.adminUrl(),
                s.gcBeforeSample(), s.outDir(), s.out());
    }

    Shard shard() {
        return shard;
    }
}
