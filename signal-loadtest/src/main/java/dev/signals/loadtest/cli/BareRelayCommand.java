package dev.signals.loadtest.cli;

import dev.signals.loadtest.bare.BareRelay;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bare-relay}: runs the minimal room relay, the ceiling for room-relay comparisons, until stopped. */
@Command(name = "bare-relay", mixinStandardHelpOptions = true,
        description = "Runs the smallest Reactor Netty server that speaks enough of the room dialect to relay "
                + "(notify-client-id, join/new-client, offer/answer); no validation, metrics or limits. Stop with Ctrl-C or SIGTERM.")
public final class BareRelayCommand implements Callable<Integer> {
    @Mixin
    BareServerOptions options;

    @Override
    public Integer call() {
        return options.serve("bare-relay", "ws path /connect",
                o -> BareRelay.start(o.host, o.port, o.threads, o.transport()));
    }
}
