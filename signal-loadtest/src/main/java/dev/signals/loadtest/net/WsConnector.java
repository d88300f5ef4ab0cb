package dev.signals.loadtest.net;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.LoopResources;

/**
 * Opens client WebSockets and HTTP requests to a {@link Target} on the harness's own event
 * loops; given several targets (nodes of one clustered system), WebSocket {@code id} goes to
 * target {@code id mod n}, HTTP requests to the first. WebSockets are unpooled, one TCP connection each, spread round-robin over the local
 * source addresses given, so one machine can hold more than the ~28k ephemeral ports a single
 * source address allows. HTTP requests share a keep-alive pool.
 */
public final class WsConnector implements AutoCloseable {
    private static final int MAX_CACHED_SENDERS = 4096;
    private final Target target;
    private final List<Target> wsTargets;
    private final LoopResources loops;
    private final List<HttpClient> wsClients = new ArrayList<>();
    private final KeepAliveHttp http;
    private final WebsocketClientSpec spec;
    private final Duration connectTimeout;
    private final AtomicInteger next = new AtomicInteger();
    /** Request builders per (source client, path): building one per connection costs more than the connect. */
    private final ConcurrentHashMap<String, HttpClient.WebsocketSender> senders = new ConcurrentHashMap<>();

    /**
     * @param sources local addresses to bind (empty: let the OS choose)
     * @param threads event-loop threads of the harness
     * @param maxMessageBytes largest inbound WebSocket message accepted
     * @param httpConnections size of the HTTP keep-alive pool
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
        this.connectTimeout = connectTimeout;
        this.loops = LoopResources.create("loadtest", Math.max(1, threads), true);
        HttpClient base = HttpClient.newConnection()
                .runOn(loops)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .option(ChannelOption.TCP_NODELAY, true);
        if (sources.isEmpty()) {
            wsClients.add(base);
        } else {
            for (InetAddress source : sources) {
                wsClients.add(base.bindAddress(() -> new InetSocketAddress(source, 0)));
            }
        }
        this.spec = WebsocketClientSpec.builder().maxFramePayloadLength(maxMessageBytes).handlePing(false).build();
        this.http = new KeepAliveHttp(target, loops, sources.isEmpty() ? null : new InetSocketAddress(sources.get(0), 0),
                httpConnections, connectTimeout);
    }

    public Target target() {
        return target;
    }

    /**
     * Opens a WebSocket to {@code pathAndQuery}; completes with the connection once the upgrade
     * succeeded, fails when it did not within the connect timeout. Inbound text messages go to
     * {@code listener} from then on.
     */
    public Mono<WsConn> open(int id, String pathAndQuery, WsListener listener) {
        int source = Math.floorMod(next.getAndIncrement(), wsClients.size());
        Target to = wsTargets.get(Math.floorMod(id, wsTargets.size()));
        String key = source + " " + to.port() + " " + to.host() + " " + pathAndQuery;
        HttpClient.WebsocketSender sender = senders.get(key);
        if (sender == null) {
            sender = wsClients.get(source).websocket(spec).uri(to.wsUrl(pathAndQuery));
            if (senders.size() < MAX_CACHED_SENDERS) {
                senders.put(key, sender);
            }
        }
        HttpClient.WebsocketSender chosen = sender;
        WsConn conn = new WsConn(id, listener);
        return Mono.<WsConn>create(sink -> sink.onCancel(chosen
                .handle((in, out) -> {
                    in.withConnection(c -> conn.attach(c.channel()));
                    in.receiveCloseStatus().subscribe(s -> conn.closeStatus(s.code(), s.reasonText()));
                    sink.success(conn);
                    return in.aggregateFrames(spec.maxFramePayloadLength()).receiveFrames()
                            .doOnNext(frame -> {
                                if (frame instanceof TextWebSocketFrame) {
                                    listener.onText(conn, frame.content());
                                }
                            })
                            .then();
                })
                .subscribe(null, sink::error, () -> sink.success())))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("closed during the upgrade")))
                .timeout(connectTimeout.plus(connectTimeout));
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
