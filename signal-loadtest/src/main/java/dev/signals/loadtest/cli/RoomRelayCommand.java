package dev.signals.loadtest.cli;

import dev.signals.loadtest.scenario.FixedRateRun;
import dev.signals.loadtest.scenario.RoomRelayScenario;
import dev.signals.loadtest.scenario.RunSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code room-relay}: relay latency and throughput of any room-dialect server, optionally its maximum rate. */
@Command(name = "room-relay", mixinStandardHelpOptions = true,
        description = {"N clients in rooms of k send SDP-sized offer/answer messages to their room peers at a fixed "
                + "total rate; the receiver measures send-to-receive latency from a stamp inside the SDP.",
            "Uses only join/offer/answer, so it measures any room-dialect server (signal, singo, bare-relay)."})
public final class RoomRelayCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Mixin
    LoadOptions load;

    @Option(names = "--room-size", defaultValue = "2", paramLabel = "K", description = "clients per room (default: ${DEFAULT-VALUE})")
    int roomSize;

    @Option(names = "--path", defaultValue = "/connect", paramLabel = "PATH", description = "WebSocket path (default: ${DEFAULT-VALUE})")
    String path;

    @Option(names = "--sessions", description = "every client opens a resumable session (?resume=new, signal only) "
            + "and numbers, unwraps and acknowledges frames as signal's client library does")
    boolean sessions;

    @Mixin
    SearchOptions search;

    @Override
    public Integer call() throws Exception {
        search.check(load.shard());
        RunSettings settings = load.apply(target.settings("room-relay"), roomSize);
        try (FixedRateRun run = new FixedRateRun(new RoomRelayScenario(path, sessions), settings)) {
            return search.execute(run, settings);
        }
    }
}
