package dev.signals.loadtest.cli;

import dev.signals.loadtest.net.Target;
import dev.signals.loadtest.net.WsConnector;
import dev.signals.loadtest.scenario.StalledReadersRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stalled-readers}: an innocent pair's latency and the server's direct memory under the stalled-reader attack. */
@Command(name = "stalled-readers", mixinStandardHelpOptions = true,
        description = "Room-dialect attack of SECURITY.md \"Memory budget\": --pairs readers stop reading (pinging every "
                + "--stalled-ping) while their attackers send --attack-offers offers of --attack-bytes each; an innocent pair "
                + "relays --innocent-bytes offers at --innocent-rate/s for --duration. Reports the innocent latency "
                + "percentiles and the server's peak direct memory (from --admin's /metrics).")
public final class StalledReadersCommand implements Callable<Integer> {
    @Option(names = "--target", required = true, paramLabel = "URL", description = "server base URL")
    String target;

    @Option(names = "--admin", required = true, paramLabel = "URL", description = "server admin base URL (for /metrics)")
    String admin;

    @Option(names = "--pairs", defaultValue = "15", description = "stalled pairs (default: ${DEFAULT-VALUE})")
    int pairs;

    @Option(names = "--attack-offers", defaultValue = "250", description = "offers per attacker (default: ${DEFAULT-VALUE})")
    int attackOffers;

    @Option(names = "--attack-bytes", defaultValue = "63000", description = "SDP bytes per attack offer (default: ${DEFAULT-VALUE})")
    int attackBytes;

    @Option(names = "--innocent-bytes", defaultValue = "60000", description = "SDP bytes per innocent offer (default: ${DEFAULT-VALUE})")
    int innocentBytes;

    @Option(names = "--innocent-rate", defaultValue = "10", description = "innocent offers per second (default: ${DEFAULT-VALUE})")
    double innocentRate;

    @Option(names = "--duration", converter = DurationConverter.class, defaultValue = "30s",
            description = "how long the innocent pair sends (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--stalled-ping", converter = DurationConverter.class, defaultValue = "4s",
            description = "interval of a stalled reader's room ping (default: ${DEFAULT-VALUE})")
    Duration stalledPing;

    @Option(names = "--out", paramLabel = "FILE", description = "also write the Markdown table to FILE")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (pairs < 0 || attackOffers < 0 || !(innocentRate > 0)) {
            throw new IllegalArgumentException("--pairs and --attack-offers must be >= 0, --innocent-rate > 0");
        }
        StalledReadersRun.Options options = new StalledReadersRun.Options(pairs, attackOffers, attackBytes, innocentBytes,
                innocentRate, duration, stalledPing, admin);
        // The innocent pair gets an event loop of its own, apart from the attack's two.
        try (WsConnector connector = new WsConnector(Target.parse(target), List.of(), 1, 1 << 20,
                Duration.ofSeconds(30), 2);
             WsConnector attack = new WsConnector(Target.parse(target), List.of(), 2, 1 << 20,
                Duration.ofSeconds(30), 2)) {
            StalledReadersRun.Result result = new StalledReadersRun(connector, attack, options).run();
            String md = StalledReadersRun.markdown(options, result);
            System.out.print(md);
            if (out != null) {
                Files.writeString(out, md);
            }
            return result.innocentReceived() + result.innocentRefused() == result.innocentSent() ? ExitCodes.OK : ExitCodes.ERRORS;
        }
    }
}
