package dev.signals.loadtest.cli;

import dev.signals.loadtest.bare.BareRelay;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bare-relay}: runs the minimal room relay, the ceiling for room-relay comparisons, until stopped. */
@Command(name = "bare-relay", mixinStandardHelpOptions = true,
        description = "Runs the smallest Reactor Netty server that speaks enough of the room dialect to relay "
                + "(notify-client-id, join/new-client, offer/answer); no validation, metrics or limits. Stop with Ctrl-C or SIGTERM.")
public final class BareRelayCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "8089", description = "port to bind, 0 for any (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--threads", description = "event-loop threads (default: available cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() {
        BareRelay relay = BareRelay.start(host, port, threads);
        Runtime.getRuntime().addShutdownHook(new Thread(relay::close, "bare-relay-stop"));
        System.out.println("bare-relay listening on " + host + ":" + relay.port() + " (ws path /connect)");
        relay.awaitClose();
        return ExitCodes.OK;
    }
}
