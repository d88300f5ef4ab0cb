package dev.signals.loadtest.bare;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * What the bare servers share (docs/benchmarks.md § Other commands): their own event loops on a
 * chosen transport, one listening socket, and a close that frees both. A subclass says only what
 * it serves; it binds once its own fields are set, so no request can reach it half-built.
 */
public abstract class BareServer implements AutoCloseable {
    private final EventLoopGroup loops;
    private DisposableServer server;

    BareServer(String name, int threads, BareTransport transport) {
        this.loops = transport.newLoops(name, threads);
    }

    /** The routes of this server on {@code http}. */
    abstract HttpServer serve(HttpServer http);

    /** Binds {@code host:port} (port 0 picks a free one); called once, by the subclass's factory. */
    final void bind(String host, int port) {
        try {
            server = serve(HttpServer.create().host(host).port(port).runOn(loops)).bindNow();
        } catch (RuntimeException e) {
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS); // nothing was bound: the loops are all there is to free
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    /** The transport its listening socket is served by, read from the socket's channel. */
    public BareTransport transport() {
        return BareTransport.serving(server.channel());
    }

    /** Blocks until the server is closed (by {@link #close} or the JVM shutting down). */
    public void awaitClose() {
        server.onDispose().block();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(2));
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
