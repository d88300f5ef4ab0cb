package dev.signals.loadtest.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Opens client WebSockets and HTTP requests to a {@link Target} on the harness's own event
 * loops; given several targets (nodes of one clustered system), WebSocket {@code id} goes to
 * target {@code id mod n}, HTTP requests to the first. WebSockets are unpooled, one TCP connection
 * each, spread round-robin over the local source addresses given, so one machine can hold more
 * than the ~28k ephemeral ports a single source address allows. They are plain Netty channels
 * upgraded by Netty's handshaker ({@link ClientSocket}): the generator's cost per connection is a
 * channel and a handshake, not a client configuration (docs/benchmarks.md "How it measures").
 * HTTP requests share {@link KeepAliveHttp}'s keep-alive connections.
 */
public final class WsConnector implements AutoCloseable {
    /** How long a close we started may wait for the server's before the channel is dropped. */
    private static final long FORCE_CLOSE_MILLIS = 10_000;
    private static final int MAX_UPGRADE_RESPONSE_BYTES = 64 * 1024;

    private final Target target;
    private final List<Target> wsTargets;
    private final List<InetAddress> sources;
    private final LoopResources loops;
    private final Bootstrap bootstrap;
    private final SslContext tls;
    private final int maxMessageBytes;
    private final KeepAliveHttp http;
    private final Duration connectTimeout;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param sources local addresses to bind (empty: let the OS choose)
     * @param threads event-loop threads of the harness
     * @param maxMessageBytes largest inbound WebSocket message accepted
     * @param httpConnections most keep-alive HTTP connections
     */
    public WsConnector(Target target, List<InetAddress> sources, int threads, int maxMessageBytes,
                       Duration connectTimeout, int httpConnections) {
        this(List.of(target), sources, threads, maxMessageBytes, connectTimeout, httpConnections);
    }

    /** As above, with WebSockets spread over {@code targets} by connection id; HTTP goes to the first. */
    public WsConnector(List<Target> targets, List<InetAddress> sources, int threads, int maxMessageBytes,
                       Duration connectTimeout, int httpConnections) {
        this.target = targets.get(0);
        this.wsTargets = List.copyOf(targets);
        this.sources = List.copyOf(sources);
        this.connectTimeout = connectTimeout;
        this.maxMessageBytes = maxMessageBytes;
        this.loops = LoopResources.create("loadtest", Math.max(1, threads), true);
        EventLoopGroup group = loops.onClient(true);
        this.bootstrap = new Bootstrap().group(group)
                .channel(loops.onChannelClass(SocketChannel.class, group))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis());
        this.tls = targets.stream().anyMatch(Target::secure) ? clientTls() : null;
        this.http = new KeepAliveHttp(target, bootstrap.clone(), tls,
                sources.isEmpty() ? null : new InetSocketAddress(sources.get(0), 0), httpConnections);
    }

    /** TLS as the JDK trusts it (its default trust store), as the Reactor Netty client did. */
    private static SslContext clientTls() {
        try {
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    public Target target() {
        return target;
    }

    /**
     * Opens a WebSocket to {@code pathAndQuery}; completes with the connection once the upgrade
     * succeeded, fails when it did not within the connect timeout (a refused upgrade fails with
     * Netty's {@code WebSocketClientHandshakeException}, which carries the response). Inbound text
     * messages go to {@code listener} from then on, on the connection's event loop.
     */
    public Mono<WsConn> open(int id, String pathAndQuery, WsListener listener) {
        Target to = wsTargets.get(Math.floorMod(id, wsTargets.size()));
        InetAddress source = sources.isEmpty() ? null : sources.get(Math.floorMod(next.getAndIncrement(), sources.size()));
        WsConn conn = new WsConn(id, listener);
        return Mono.<WsConn>create(sink -> {
            WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(
                    URI.create(to.wsUrl(pathAndQuery)), WebSocketVersion.V13, null, false, new DefaultHttpHeaders(),
                    maxMessageBytes, true, false, FORCE_CLOSE_MILLIS, false, false);
            Bootstrap b = bootstrap.clone().remoteAddress(to.host(), to.port())
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (tls != null && to.secure()) {
                                ch.pipeline().addLast(tls.newHandler(ch.alloc(), to.host(), to.port()));
                            }
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_UPGRADE_RESPONSE_BYTES),
                                    new ClientSocket(handshaker, maxMessageBytes, conn, sink));
                        }
                    });
            if (source != null) {
                b.localAddress(new InetSocketAddress(source, 0));
            }
            ChannelFuture connecting = b.connect();
            sink.onCancel(() -> connecting.channel().close());
            connecting.addListener(f -> {
                if (!f.isSuccess()) {
                    sink.error(f.cause());
                }
            });
        }).timeout(connectTimeout.plus(connectTimeout));
    }

    /** The keep-alive HTTP client of the target. */
    public KeepAliveHttp http() {
        return http;
    }

    @Override
    public void close() {
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(Duration.ofSeconds(10));
    }
}
