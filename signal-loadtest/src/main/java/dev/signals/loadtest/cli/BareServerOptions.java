package dev.signals.loadtest.cli;

import dev.signals.loadtest.bare.BareServer;
import dev.signals.loadtest.bare.BareTransport;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** Options of the bare servers, and serving one until the process is stopped. */
public final class BareServerOptions {
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

    /** A server of {@code name} that {@code start} binds as these options say, served until the process is stopped. */
    int serve(String name, String paths, Function<BareServerOptions, BareServer> start) {
        BareServer server = start.apply(this);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, name + "-stop"));
        System.out.println(name + " listening on " + host + ":" + server.port() + " (" + paths + ", transport "
                + server.transport().flag() + ")");
        server.awaitClose();
        return ExitCodes.OK;
    }

    /** The transport asked for; refused when it cannot run here. */
    BareTransport transport() {
        BareTransport chosen = BareTransport.parse(transport);
        if (!chosen.runsHere()) {
            throw new IllegalArgumentException("transport " + chosen.flag() + " does not run here");
        }
        return chosen;
    }
}
