package dev.signals.server;

import dev.signals.core.backplane.Backplane;
import dev.signals.core.backplane.LocalBackplane;
import dev.signals.core.ids.KsuidGenerator;
import dev.signals.core.ids.XidGenerator;
import dev.signals.core.json.StrictJson;
import dev.signals.server.admin.AdminRoutes;
import dev.signals.server.auth.Authenticator;
import dev.signals.server.call.CallDialect;
import dev.signals.server.config.ConfigException;
import dev.signals.server.config.SignalConfig;
import dev.signals.server.domain.DomainDialect;
import dev.signals.server.http.ClientAddress;
import dev.signals.server.http.ConnectionGate;
import dev.signals.server.http.IpRateLimiter;
import dev.signals.server.http.Lifecycle;
import dev.signals.server.http.OriginPolicy;
import dev.signals.server.http.RequestDeadline;
import dev.signals.server.http.RouteTable;
import dev.signals.server.http.Router;
import dev.signals.server.http.TcpGate;
import dev.signals.server.mailbox.MailboxDialect;
import dev.signals.server.metrics.MeterName;
import dev.signals.server.metrics.Metrics;
import dev.signals.server.net.TransportLoops;
import dev.signals.server.redis.RedisBackplane;
import dev.signals.server.redis.RedisStores;
import dev.signals.server.room.RoomDialect;
import dev.signals.server.turn.IceServersRoute;
import dev.signals.server.turn.TurnCredentials;
import dev.signals.server.ws.ResumableSessions;
import dev.signals.server.ws.SessionRegistry;
import dev.signals.server.ws.SharedSessions;
import dev.signals.server.redis.RedisSessionStore;
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
 * {@link #stop()} drains and releases everything it made (docs/production.md "One node"). Holds no static
 * state, so one JVM can run several nodes.
 */
public final class SignalServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalServer.class);
    /** Keep-alive idle limit when the request deadline is off ({@code --ws-handshake-timeout 0}). */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_REQUEST_LINE = 8192;
    private static final int MAX_HEADER_BYTES = 16384;
    /** The dialect tag of connections refused before any request names one. */
    private static final String TCP = "none";

    private final SignalConfig config;
    private final String nodeId;
    private final Lifecycle lifecycle = new Lifecycle();
    private final Metrics metrics = new Metrics();
    private final LoopResources loops;
    /** The admin listener's own loop, so a scrape or a thread dump never stalls WebSocket relays. */
    private final LoopResources adminLoops;
    private final Backplane backplane;
    private final List<Dialect> dialects = new ArrayList<>();
    private final WsEndpoint webSockets;
    private final RouteTable routes = new RouteTable();
    private final Router router;
    private final TcpGate tcpGate;
    private final TurnCredentials turn;
    private final List<DisposableServer> listeners = new ArrayList<>();
    private DisposableServer admin;

    private SignalServer(SignalConfig config) throws ConfigException {
        this.config = config;
        this.nodeId = config.nodeId() != null ? config.nodeId() : defaultNodeId();
        String name = nodeId.replaceAll("[^A-Za-z0-9_-]", "_");
        TransportLoops mainLoops = TransportLoops.create("signal-" + name,
                Math.max(1, Runtime.getRuntime().availableProcessors()), config.transport());
        LOG.info("serving on the {} transport", mainLoops.transport().flag());
        this.loops = mainLoops;
        // On the main loops' transport: Reactor's own default would prefer io_uring now that it is on the class path.
        this.adminLoops = TransportLoops.create("signal-admin-" + name, 1, mainLoops.transport());
        this.turn = config.turn().enabled() ? new TurnCredentials(config.turn(), Clock.systemUTC()) : null;
        ClientAddress clients = new ClientAddress(config.trustedProxies());
        this.tcpGate = new TcpGate(config.limits().maxTcpConnections(), config.limits().maxConnectionsPerIp(), clients);
        // docs/cluster.md: with --redis-addr every dialect shares state through Redis; without it
        // the node is standalone. This is the one place the mechanism is chosen.
        RedisBackplane redis = config.redis().enabled() ? new RedisBackplane(config.redis(), config.resume().window(), nodeId, metrics) : null;
        this.backplane = redis != null ? redis : new LocalBackplane(nodeId);
        // Clustered, resumable sessions that can be restored elsewhere live in Redis (docs/cluster.md).
        SharedSessions shared = redis != null && config.resume().enabled() ? new RedisSessionStore(redis, config.resume()) : null;
        this.webSockets = new WsEndpoint(WsSettings.from(config), metrics, new SessionRegistry(),
                new ResumableSessions(config.resume(), config.webSocket().pingInterval(), metrics, turn, shared));
        try {
            this.router = build(redis, clients);
        } catch (ConfigException | RuntimeException e) {
            // Nothing is bound yet, but the loops, the Redis client and any dialect made so far are.
            releaseResources();
            throw e;
        }
    }

    /** The dialects and the router, over the loops and backplane the constructor made. */
    private Router build(RedisBackplane redis, ClientAddress clients) throws ConfigException {
        Clock clock = Clock.systemUTC();
        metrics.gauge(MeterName.BACKPLANE_UP, "1 while the backplane is up (always, when standalone)",
                () -> backplane.up() ? 1 : 0);
        Authenticator auth = Authenticator.from(config.auth());
        DialectContext context = new DialectContext(config, metrics, webSockets, new StrictJson(),
                new XidGenerator(nodeId, ProcessHandle.current().pid(), clock), new KsuidGenerator(clock), clock,
                auth, backplane, redis != null ? new RedisStores(redis, config.resume()) : null);
        addDialect(RoomDialect.NAME, context, RoomDialect::new);
        addDialect(CallDialect.NAME, context, CallDialect::new);
        addDialect(DomainDialect.NAME, context, DomainDialect::new);
        addDialect(MailboxDialect.NAME, context, MailboxDialect::new);

        StaticRoutes.register(routes);
        if (turn != null) {
            new IceServersRoute(turn, auth, metrics).register(routes);
        }
        dialects.forEach(d -> d.register(routes));
        SignalConfig.Limits limits = config.limits();
        return new Router(routes, lifecycle,
                new IpRateLimiter(limits.httpRateLimit(), limits.httpRateBurst()),
                new OriginPolicy(config.allowedOrigins()),
                new ConnectionGate(new IpRateLimiter(limits.connRateLimit(), limits.connRateBurst()), limits.maxConnections(),
                        limits.maxConnectionsPerIp()),
                clients,
                metrics);
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
            // docs/security.md "Before any dialect sees the request": accepted, but never silently.
            LOG.warn("allowed origins include *: every web page may use this server from its visitors' browsers");
        }
        if (config.listen().admin() != null) {
            // First, so liveness answers (and readiness says 503) while the backplane is awaited.
            AdminRoutes adminRoutes = new AdminRoutes(nodeId, lifecycle, metrics, dialects,
                    this::connectionsByDialect, backplane::ready, backplane::status);
            admin = httpServer(config.listen().admin(), adminLoops, null)
                    .route(adminRoutes::register)
                    .bindNow();
        }
        if (backplane instanceof RedisBackplane) {
            awaitBackplane((RedisBackplane) backplane);
        }
        listeners.add(mainServer(config.listen().main()));
        for (InetSocketAddress extra : config.listen().also()) {
            listeners.add(mainServer(extra));
        }
        if (turn != null) {
            LOG.info("TURN credentials on {}: {}", IceServersRoute.PATH, config.turn()); // its toString hides the secrets
        }
        lifecycle.markStarted();
        LOG.info("node {} serving {} on {}{}", nodeId, dialectNames(), describe(listeners),
                admin == null ? "" : ", admin on " + admin.address());
    }

    /**
     * Clients reconnecting during a rolling deploy arrive the moment the port opens; a join then
     * must not fail for want of a Redis link still being set up (docs/cluster.md "Starting"). So
     * the main port opens once the backplane is up, or after {@code --backplane-wait} degraded.
     */
    private void awaitBackplane(RedisBackplane redis) {
        redis.start();
        Duration wait = config.redis().backplaneWait();
        if (!wait.isZero() && !redis.awaitUp(wait)) {
            LOG.warn("backplane not up after {}; opening the port degraded until Redis is reachable", wait);
        }
    }

    private DisposableServer mainServer(InetSocketAddress address) {
        return httpServer(address, loops, tcpGate).handle(router).bindNow();
    }

    /**
     * What every listener, admin included, shares (SECURITY.md "Limits and their defaults"): an 8 KiB request line and
     * 16 KiB of headers (over them: 414 / 431 and close), and the request deadline against
     * slow-loris clients — a request's head and body, and the wait for the next request on a
     * kept-alive connection, must each arrive within {@code --ws-handshake-timeout}. On the main
     * listeners {@code gate} first admits each TCP connection (a refused one is closed before any
     * HTTP) and shortens that deadline as the node fills; the admin listener has none, so it stays
     * reachable whatever the main port suffers.
     */
    private HttpServer httpServer(InetSocketAddress address, LoopResources on, TcpGate gate) {
        Duration deadline = config.webSocket().handshakeTimeout();
        HttpServer server = HttpServer.create()
                .runOn(on)
                .host(address.getHostString())
                .port(address.getPort());
        if (deadline.isZero()) {
            // Only without the deadline: Reactor Netty adds and removes its idle handler (a pipeline
            // change and a timer) around every request, and the deadline already closes an idle
            // kept-alive connection sooner (SECURITY.md "Limits and their defaults").
            server = server.idleTimeout(IDLE_TIMEOUT);
        }
        return server
                .doOnChannelInit((observer, channel, remote) -> {
                    if (gate != null && refused(gate.admit(channel))) {
                        channel.close();
                        return;
                    }
                    if (!deadline.isZero() && channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                        long base = deadline.toMillis();
                        channel.pipeline().addAfter(NettyPipeline.HttpCodec, RequestDeadline.NAME, new RequestDeadline(
                                gate == null ? () -> base : () -> gate.requestDeadlineMillis(base)));
                    }
                })
                .httpRequestDecoder(spec -> spec.maxInitialLineLength(MAX_REQUEST_LINE).maxHeaderSize(MAX_HEADER_BYTES));
    }

    /** Counts a connection refused at accept; its reason tag names the cap. */
    private boolean refused(TcpGate.Verdict verdict) {
        if (verdict == TcpGate.Verdict.ADMITTED) {
            return false;
        }
        metrics.error(TCP, verdict == TcpGate.Verdict.AT_CAPACITY ? "tcp_capacity" : "tcp_ip_connections");
        return true;
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

    /** What joins this node to the others (a local one when standalone). */
    public Backplane backplane() {
        return backplane;
    }

    /**
     * The TURN credential issuer ({@code null} without {@code --turn-urls}): what a session layer
     * calls, with the session's principal, for the {@code ice_servers} frame (docs/turn.md).
     */
    public TurnCredentials turnCredentials() {
        return turn;
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

    /**
     * Every path the main listener routes, exact paths as they are and prefixes with a trailing
     * {@code *} ({@link RouteTable#paths()}); the admin listener's are {@link AdminRoutes#PATHS}.
     */
    public List<String> routePaths() {
        return routes.paths();
    }

    /** The admin listener's bound port, or -1 when it is off. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /**
     * Drains and stops (docs/production.md "One node"): readiness off and new requests refused at once, every
     * WebSocket's leave handling then close 1001 (a resumable session's socket: 1012, then its
     * session ends, or is held in Redis when shared, docs/resume.md#drain), in-flight HTTP finished, all within
     * {@code --shutdown-timeout}; whatever is still pending then is abandoned.
     */
    public void stop() {
        if (lifecycle.draining()) {
            return;
        }
        lifecycle.markDraining();
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        LOG.info("draining: {} WebSocket sessions, {} HTTP requests in flight", webSockets.sessions().size(), router.inFlight());
        long drainStart = System.nanoTime();
        // The ordered drain gets three quarters of the timeout; if it has not finished then, the
        // rest are closed all at once, so every socket still gets its 1001 (docs/production.md).
        long orderedDeadline = drainStart + config.shutdownTimeout().toNanos() * 3 / 4;
        try {
            webSockets.shutdownAll().get(remainingMillis(orderedDeadline), TimeUnit.MILLISECONDS);
            LOG.info("every WebSocket's leave handling ran and its close was sent in {} ms",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStart));
        } catch (Exception e) {
            LOG.warn("ordered drain unfinished after {} ms ({}); closing the {} remaining WebSockets at once",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStart), e.toString(), webSockets.sessions().size());
            try {
                webSockets.closeAllNow().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            } catch (Exception late) {
                LOG.warn("drain did not finish every WebSocket in time: {}", late.toString());
            }
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
        backplane.close();
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(1)).block(Duration.ofSeconds(5));
        adminLoops.disposeLater(Duration.ZERO, Duration.ofSeconds(1)).block(Duration.ofSeconds(5));
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
