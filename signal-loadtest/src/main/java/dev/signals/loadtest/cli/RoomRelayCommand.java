package dev.signals.loadtest.cli;

import dev.signals.loadtest.scenario.FixedRateRun;
import dev.signals.loadtest.scenario.RoomRelayScenario;
import dev.signals.loadtest.scenario.RunSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code room-relay}: relay latency and throughput of any room-dialect server, optionally its maximum rate. */
@Command(name = "room-relay", mixinStandardHelpOptions = true,
        description = {"N clients in rooms of k send SDP-sized offer/answer messages to their room peers at a fixed "
                + "total rate; the receiver measures send-to-receive latency from a stamp inside the SDP.",
            "Uses only join/offer/answer, so it measures any room-dialect server (signal, singo, bare-relay).",
            "With --in-flight N it runs a closed loop instead: rooms of 2, each pair starts with N messages in flight and "
                + "every message received is answered with the next one to the peer; no --rate, no --find-max-rate. "
                + "The report gives messages delivered per second and per server CPU-second, and counts pairs that went "
                + "silent. With --shard each process drives its own pairs, all with N in flight."})
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

    @Option(names = "--in-flight", defaultValue = "0", paramLabel = "N",
            description = "closed loop: N messages in flight per pair, each answered on arrival with the next one "
                    + "(needs --room-size 2; 0: open loop at --rate) (default: ${DEFAULT-VALUE})")
    int inFlight;

    @Mixin
    SearchOptions search;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        search.check(load.shard());
        RunSettings settings = load.apply(target.settings("room-relay"), roomSize);
        RoomRelayScenario scenario = new RoomRelayScenario(path, sessions, inFlight);
        if (inFlight > 0) {
            if (search.findMaxRate || spec.commandLine().getParseResult().hasMatchedOption("--rate")) {
                throw new IllegalArgumentException("--in-flight is a closed loop: it takes no --rate or --find-max-rate");
            }
            try (FixedRateRun run = new FixedRateRun(scenario, settings.withRate(0))) {
                return ExitCodes.of(run.runClosedLoop());
            }
        }
        try (FixedRateRun run = new FixedRateRun(scenario, settings)) {
            return search.execute(run, settings);
        }
    }
}
