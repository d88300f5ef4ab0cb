package dev.signals.loadtest.cli;

import dev.signals.loadtest.bare.BareMailbox;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bare-mailbox}: runs the minimal mailbox, the ceiling for mailbox comparisons, until stopped. */
@Command(name = "bare-mailbox", mixinStandardHelpOptions = true,
        description = "Runs the smallest Reactor Netty server that serves the mailbox dialect's hand-over as the mailbox "
                + "scenario drives it (POST stores, GET pops, under the key header); no TTL, validation, metrics or limits. "
                + "Stop with Ctrl-C or SIGTERM.")
public final class BareMailboxCommand implements Callable<Integer> {
    @Mixin
    BareServerOptions options;

    @Override
    public Integer call() {
        return options.serve("bare-mailbox", "paths /offer|answer/sdp|candidate/",
                o -> BareMailbox.start(o.host, o.port, o.threads, o.transport()));
    }
}
