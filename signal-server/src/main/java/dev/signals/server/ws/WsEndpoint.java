package dev.signals.server.ws;

import dev.signals.core.limits.ReadAllowance;
import dev.signals.server.http.ConnectionSlot;
import dev.signals.server.http.RequestInfo;
import dev.signals.server.logging.ConnLog;
import dev.signals.server.logging.ThrottledLog;
import dev.signals.server.metrics.MeterName;
import dev.signals.server.metrics.Metrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.internal.PlatformDependent;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * Turns an admitted upgrade request into a {@link WsSession} driven by a dialect's
 * {@link WsHandler}: the one place where Reactor Netty's WebSocket API meets the dialects.
 */
public final class WsEndpoint {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(WsEndpoint.class);
    /** The name Netty's handshaker gives the WebSocket frame encoder it adds. */
    private static final String FRAME_ENCODER = "wsencoder";

    private final WsSettings settings;
    private final Metrics metrics;
    private final SessionRegistry sessions;
    private final SendBudget budget;
    private final ResumableSessions resumable;
    private final WebsocketServerSpec spec;
    /** One per event loop of this endpoint's sockets, made when the loop's first socket opens. */
    private final Map<EventLoop, TurnFlush> turnFlushes = new ConcurrentHashMap<>();
    /** Connections that vanish mid-message: any client can make many, so one line per interval. */
    private final ThrottledLog dropped = new ThrottledLog(LOG, Duration.ofSeconds(10));

    public WsEndpoint(WsSettings settings, Metrics metrics, SessionRegistry sessions, ResumableSessions resumable) {
        this.settings = settings;
        this.metrics = metrics;
        this.sessions = sessions;
        this.budget = new SendBudget(settings.sendBudget(), sessions);
        LOG.info("WebSocket send budget {} MiB of {} MiB direct memory; {} KiB per socket",
                settings.sendBudget() >> 20, PlatformDependent.maxDirectMemory() >> 20, settings.sendQueueBytes() >> 10);
        metrics.gauge(MeterName.WS_QUEUED_BYTES, "outbound WebSocket bytes queued on this node, not yet written",
                budget::queued);
        this.resumable = resumable;
        this.spec = WebsocketServerSpec.builder()
                .maxFramePayloadLength(settings.frameCap())
                // Pings reach WsSession, which answers them within the send queue and the rate limit.
                .handlePing(true)
                .build();
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    /** Where clustered resumable sessions live, or {@code null} (standalone, or sessions off). */
    public SharedSessions sharedSessions() {
        return resumable.shared();
    }

    /**
     * Completes the upgrade and serves the connection until it closes. Without a {@code resume}
     * query parameter the dialect's handler drives the socket directly, exactly as before
     * resumable sessions existed; with one, the session layer sits between (docs/resume.md).
     */
    public Publisher<Void> accept(WsUpgrade upgrade, Function<WsConnection, WsHandler> handlers) {
        return accept(upgrade, handlers, null);
    }

    /**
     * As {@link #accept(WsUpgrade, Function)}, for a dialect whose sessions can be restored on another
     * node with {@code restorer} (docs/cluster.md "Resumable sessions"); clustered, they are shared.
     */
    public Publisher<Void> accept(WsUpgrade upgrade, Function<WsConnection, WsHandler> handlers,
                                  ResumableSessions.Restorer restorer) {
        ResumeRequest request = ResumeRequest.from(upgrade.request().uri());
        if (request.kind() == ResumeRequest.Kind.NONE) {
            return upgrade(upgrade, upgrade.info().slot(), handlers::apply);
        }
        String dialect = upgrade.dialect();
        if (!resumable.enabled()) {
            resumable.resumeRefused(dialect, "invalid");
            return upgrade.style().sessionRefused(upgrade.response(), HttpResponseStatus.BAD_REQUEST,
                    "resumable sessions are off");
        }
        SessionKey key = new SessionKey(dialect, upgrade.info().rawPath(), upgrade.principal().subject());
        if (request.kind() == ResumeRequest.Kind.NEW) {
            // The session, not the socket, owns the connection slot (docs/resume.md#bounded).
            return upgrade(upgrade, ConnectionSlot.none(), ws -> {
                ResumableSession session = resumable.open(key, ws, ws.log(), upgrade.info().slot(), restorer != null);
                session.bind(handlers.apply(session));
                return new SessionSocket(session, ws, SessionSocket.FIRST, resumable.newConn());
            });
        }
        EventLoop loop = ((Connection) upgrade.request()).channel().eventLoop();
        ConnLog log = new ConnLog(LOG, dialect, ((Connection) upgrade.request()).channel().id().asShortText());
        return resumable.decide(request, key, loop, upgrade.info().slot(), log, restorer)
                .flatMap(decision -> Mono.from(resume(upgrade, decision)));
    }

    private Publisher<Void> resume(WsUpgrade upgrade, ResumableSessions.Decision decision) {
        if (decision instanceof ResumableSessions.Refused refused) {
            resumable.resumeRefused(upgrade.dialect(), refused.result());
            return upgrade.style().sessionRefused(upgrade.response(), refused.status(), refused.reason());
        }
        ResumableSessions.Resume resume = (ResumableSessions.Resume) decision;
        if (!resume.restored()) {
            // The session already holds a slot; this socket's is given back once it is upgraded.
            upgrade.info().slot().transferToConnection();
            upgrade.info().slot().release();
        }
        return upgrade(upgrade, ConnectionSlot.none(),
                ws -> new SessionSocket(resume.session(), ws, resume.lastSeq(), resume.conn()));
    }

    private Publisher<Void> upgrade(WsUpgrade upgrade, ConnectionSlot socketSlot, Function<WsSession, WsHandler> handlers) {
        return upgrade.response().sendWebsocket((in, out) -> {
            // The upgrade's headers are read by now (routing, origin, auth, resume); kept, they
            // would cost every socket several hundred bytes for its life (BENCHMARKS.md
            // "Memory per idle WebSocket").
            upgrade.request().requestHeaders().clear();
            upgrade.response().responseHeaders().clear();
            return serve(in, out, upgrade.info(), socketSlot, upgrade.dialect(), handlers);
        }, spec);
    }

    private Publisher<Void> serve(WebsocketInbound in, WebsocketOutbound out, RequestInfo info, ConnectionSlot socketSlot,
                                  String dialect, Function<WsSession, WsHandler> handlers) {
        info.slot().transferToConnection();
        Connection[] holder = new Connection[1];
        in.withConnection(c -> holder[0] = c);
        Connection connection = holder[0];
        Channel channel = connection.channel();
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(FRAME_ENCODER) != null) {
            pipeline.addAfter(FRAME_ENCODER, "signal.closeReasons", CloseReasonRewriter.INSTANCE);
        }
        if (pipeline.get("wsdecoder") instanceof ByteToMessageDecoder decoder) {
            // By default read bytes are discarded every 16 reads, and a flood of large frames that
            // straddle reads grows each socket's buffer to megabytes (SECURITY.md "Memory budget").
            decoder.setDiscardAfterReads(1);
        }
        String id = channel.id().asShortText();
        WsSession session = new WsSession(id, dialect, connection, out, settings, budget, metrics,
                new ConnLog(LOG, dialect, id), turnFlushes.computeIfAbsent(channel.eventLoop(), TurnFlush::new));
        AtomicInteger gauge = metrics.connections(dialect);
        session.bind(handlers.apply(session));
        sessions.add(session);
        gauge.incrementAndGet();
        connection.onDispose(() -> {
            socketSlot.release();
            if (sessions.remove(session)) {
                gauge.decrementAndGet();
            }
            session.channelClosed();
        });
        pipeline.addBefore(NettyPipeline.ReactiveBridge, WsFrameHandler.NAME,
                new WsFrameHandler(session, dropped, settings.frameCap(),
                        new ReadAllowance(settings.readRate(), settings.readBurst(), System.nanoTime())));
        // Nothing subscribes to Reactor's inbound stream, which would otherwise ask for each read.
        channel.config().setAutoRead(true);
        session.start();
        // The socket is served until its channel closes; closing it is the session's business.
        return connection.onDispose();
    }

    /**
     * Drain: leave handling and close for every open socket, one after another ({@link SequentialDrain}):
     * 1001 for plain sockets, 1012 for resumable sessions' sockets; then the sessions in this node's
     * memory end, and shared ones are let go, held in Redis (docs/resume.md#drain).
     */
    public CompletableFuture<Void> shutdownAll() {
        return SequentialDrain.start(sessions.snapshot()).thenCompose(done -> resumable.endAll());
    }

    /**
     * The drain's fallback when the ordered one runs out of time: every session not yet handled
     * gets its leave handling and close on its own loop at once, in parallel (no order between them).
     */
    public CompletableFuture<Void> closeAllNow() {
        return SequentialDrain.allAtOnce(sessions.snapshot()).thenCompose(done -> resumable.endAll());
    }
}
