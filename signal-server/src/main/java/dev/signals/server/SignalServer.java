package dev.signals.server;

import dev.signals.core.ids.KsuidGenerator;
import dev.signals.core.ids.XidGenerator;
import dev.signals.core.json.StrictJson;
import dev.signals.server.admin.AdminRoutes;
import dev.signals.server.auth.Authenticator;
import dev.signals.server.call.CallDialect;
import dev.signals.server.config.ConfigException;
import dev.signals.server.config.SignalConfig;
import dev.signals.server.domain.DomainDialect;
import dev.signals.server.http.ConnectionGate;
import dev.signals.server.http.IpRateLimiter;
import dev.signals.server.http.Lifecycle;
import dev.signals.server.http.RequestHeadDeadline;
import dev.signals.server.http.OriginPolicy;
import dev.signals.server.http.RouteTable;
import dev.signals.server.http.Router;
import dev.signals.server.mailbox.MailboxDialect;
import dev.signals.server.metrics.Metrics;
import dev.signals.server.room.RoomDialect;
import dev.signals.server.ws.SessionRegistry;
import dev.signals.server.ws.WsEndpoint;
import dev.signals.server.ws.WsSettings;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * One node: builds every component from a {@link SignalConfig}, binds the listeners, and on
 * {@link #stop()} drains and releases everything it made (PROTOCOLS.md §1.6). Holds no static
 * state, so one JVM can run several nodes.
 */
public final class SignalServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalServer.class);

    private final SignalConfig config;
    private final String nodeId;
    private final Lifecycle lifecycle = new Lifecycle();
    private final Metrics metrics = new Metrics();
    private final LoopResources loops;
    private final List<Dialect> dialects = new ArrayList<>();
    private final WsEndpoint webSockets;
    private final Router router;
    private final List<DisposableServer> listeners = new ArrayList<>();
    private DisposableServer admin;

    private SignalServer(SignalConfig config) throws ConfigException {
        this.config = config;
        this.nodeId = config.nodeId() != null ? config.nodeId() : defaultNodeId();
        this.loops = LoopResources.create("signal-" + nodeId.replaceAll("[^A-Za-z0-9_-]", "_"),
                Math.max(1, Runtime.getRuntime().availableProcessors()), true);
        this.webSockets = new WsEndpoint(WsSettings.from(config), metrics, new SessionRegistry());
        Clock clock = Clock.systemUTC();
        DialectContext context = new DialectContext(config, metrics, webSockets, new StrictJson(),
                new XidGenerator(nodeId, ProcessHandle.current().pid(), clock), new KsuidGenerator(clock), clock,
                Authenticator.from(config.auth()));
        addDialect(RoomDialect.NAME, context, RoomDialect::new);
        addDialect(CallDialect.NAME, context, CallDialect::new);
        addDialect(DomainDialect.NAME, context, DomainDialect::new);
        addDialect(MailboxDialect.NAME, context, MailboxDialect::new);

        RouteTable routes = new RouteTable();
        StaticRoutes.register(routes);
        dialects.forEach(d -> d.register(routes));
        SignalConfig.Limits limits = config.limits();
        this.router = new Router(routes, lifecycle,
                new IpRateLimiter(limits.httpRateLimit(), limits.httpRateBurst()),
                new OriginPolicy(config.allowedOrigins()),
                new ConnectionGate(new IpRateLimiter(limits.connRateLimit(), limits.connRateBurst()), limits.maxConnections()));
    }

    private void addDialect(String name, DialectContext context, Function<DialectContext, Dialect> factory) {
        if (config.dialectEnabled(name)) {
            dialects.add(factory.apply(context));
        }
    }

    /**
     * Builds a node and binds all its listeners; throws if any cannot bind, or
     * {@link ConfigException} when a configured resource (e.g. a JWKS file) is unusable.
     */
    public static SignalServer start(SignalConfig config) throws ConfigException {
        SignalServer server = new SignalServer(config);
        try {
            server.bind();
        } catch (RuntimeException e) {
            server.releaseResources();
            throw e;
        }
        return server;
    }

    private void bind() {
        if (new OriginPolicy(config.allowedOrigins()).allowsAny()) {
            LOG.warn("--allowed-origins includes *: every web page may use this server from a browser");
        }
        listeners.add(mainServer(config.listen().main()));
        for (InetSocketAddress extra : config.listen().also()) {
            listeners.add(mainServer(extra));
        }
        if (config.listen().admin() != null) {
            AdminRoutes adminRoutes = new AdminRoutes(nodeId, lifecycle, metrics, dialects,
                    this::connectionsByDialect, () -> true, () -> "standalone");
            admin = HttpServer.create()
                    .runOn(loops)
                    .host(config.listen().admin().getHostString())
                    .port(config.listen().admin().getPort())
                    .route(adminRoutes::register)
                    .bindNow();
        }
        lifecycle.markStarted();
        LOG.info("node {} serving {} on {}{}", nodeId, dialectNames(), describe(listeners),
                admin == null ? "" : ", admin on " + admin.address());
    }

    private DisposableServer mainServer(InetSocketAddress address) {
        Duration headTimeout = config.webSocket().handshakeTimeout();
        return HttpServer.create()
                .runOn(loops)
                .host(address.getHostString())
                .port(address.getPort())
                .idleTimeout(Duration.ofSeconds(60))
                .readTimeout(headTimeout.isZero() ? null : headTimeout)
                .doOnChannelInit((observer, channel, remote) -> {
                    if (!headTimeout.isZero() && channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                        channel.pipeline().addAfter(NettyPipeline.HttpCodec, RequestHeadDeadline.NAME,
                                new RequestHeadDeadline(headTimeout.toMillis()));
                    }
                })
                .httpRequestDecoder(spec -> spec.maxInitialLineLength(8192).maxHeaderSize(16384))
                .handle(router)
                .bindNow();
    }

    public String nodeId() {
        return nodeId;
    }

    public SignalConfig config() {
        return config;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** The main listener's bound port (useful with port 0). */
    public int port() {
        return listeners.get(0).port();
    }

    /** Bound ports of the {@code --also-listen} listeners, in order. */
    public List<Integer> extraPorts() {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i < listeners.size(); i++) {
            out.add(listeners.get(i).port());
        }
        return out;
    }

    /** The admin listener's bound port, or -1 when it is off. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /**
     * Drains and stops (PROTOCOLS.md §1.6): readiness off and new requests refused at once, every
     * WebSocket's leave handling then close 1001, in-flight HTTP finished, all within
     * {@code --shutdown-timeout}; whatever is still pending then is abandoned.
     */
    public void stop() {
        if (lifecycle.draining()) {
            return;
        }
        lifecycle.markDraining();
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        LOG.info("draining: {} WebSocket sessions, {} HTTP requests in flight", webSockets.sessions().size(), router.inFlight());
        try {
            webSockets.shutdownAll().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("drain did not finish every WebSocket in time: {}", e.toString());
        }
        while ((router.inFlight() > 0 || webSockets.sessions().size() > 0) && System.nanoTime() < deadline) {
            sleepQuietly(20);
        }
        releaseResources();
        LOG.info("node {} stopped", nodeId);
    }

    private void releaseResources() {
        for (DisposableServer s : listeners) {
            s.disposeNow(Duration.ofSeconds(1));
        }
        if (admin != null) {
            admin.disposeNow(Duration.ofSeconds(1));
        }
        for (Dialect d : dialects) {
            d.close();
        }
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(1)).block(Duration.ofSeconds(5));
        metrics.close();
    }

    @Override
    public void close() {
        stop();
    }

    private Map<String, Integer> connectionsByDialect() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Dialect d : dialects) {
            out.put(d.name(), metrics.connections(d.name()).get());
        }
        return out;
    }

    private List<String> dialectNames() {
        List<String> names = new ArrayList<>();
        dialects.forEach(d -> names.add(d.name()));
        return names;
    }

    private static String describe(List<DisposableServer> servers) {
        List<String> out = new ArrayList<>();
        servers.forEach(s -> out.add(String.valueOf(s.address())));
        return String.join(", ", out);
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String defaultNodeId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime() & 0xFFFFFF);
    }
}
