package dev.signals.loadtest.cli;

import dev.signals.loadtest.bare.BareRelay;
import dev.signals.loadtest.bare.BareTransport;
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

    @Option(names = "--transport", defaultValue = "auto", paramLabel = "auto|io_uring|epoll|nio",
            description = "event-loop transport; auto is Reactor Netty's own choice, the first of io_uring, epoll, nio "
                    + "that runs here (default: ${DEFAULT-VALUE})")
    String transport;

    @Override
    public Integer call() {
        BareTransport chosen = BareTransport.parse(transport);
        if (!chosen.runsHere()) {
            throw new IllegalArgumentException("transport " + chosen.flag() + " does not run here");
        }
        BareRelay relay = BareRelay.start(host, port, threads, chosen);
        Runtime.getRuntime().addShutdownHook(new Thread(relay::close, "bare-relay-stop"));
        System.out.println("bare-relay listening on " + host + ":" + relay.port() + " (ws path /connect, transport "
                + chosen.flag() + ")");
        relay.awaitClose();
        return ExitCodes.OK;
    }
}
