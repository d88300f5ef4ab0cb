package dev.signals.server.ws;

import dev.signals.server.http.RequestInfo;
import dev.signals.server.logging.ConnLog;
import dev.signals.server.metrics.Metrics;
import io.netty.channel.ChannelPipeline;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * Turns an admitted upgrade request into a {@link WsSession} driven by a dialect's
 * {@link WsHandler}: the one place where Reactor Netty's WebSocket API meets the dialects.
 */
public final class WsEndpoint {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(WsEndpoint.class);

    private final WsSettings settings;
    private final Metrics metrics;
    private final SessionRegistry sessions;
    private final WebsocketServerSpec spec;

    public WsEndpoint(WsSettings settings, Metrics metrics, SessionRegistry sessions) {
        this.settings = settings;
        this.metrics = metrics;
        this.sessions = sessions;
        this.spec = WebsocketServerSpec.builder()
                .maxFramePayloadLength(settings.frameCap())
                // Pings reach WsSession, which answers them within the send queue and the rate limit.
                .handlePing(true)
                .build();
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    /** Completes the upgrade and serves the connection until it closes. */
    public Publisher<Void> accept(HttpServerResponse res, RequestInfo info, String dialect,
                                  Function<WsSession, WsHandler> handlers) {
        return res.sendWebsocket((in, out) -> serve(in, out, info, dialect, handlers), spec);
    }

    private Publisher<Void> serve(WebsocketInbound in, WebsocketOutbound out, RequestInfo info, String dialect,
                                  Function<WsSession, WsHandler> handlers) {
        info.slot().transferToConnection();
        Connection[] holder = new Connection[1];
        in.withConnection(c -> holder[0] = c);
        Connection connection = holder[0];
        ChannelPipeline pipeline = connection.channel().pipeline();
        if (pipeline.get("wsencoder") != null) {
            pipeline.addAfter("wsencoder", "signal.closeReasons", CloseReasonRewriter.INSTANCE);
        }
        String id = connection.channel().id().asShortText();
        WsSession session = new WsSession(id, dialect, connection, out, settings, metrics,
                new ConnLog(LOG, dialect, id));
        AtomicInteger gauge = metrics.connections(dialect);
        session.bind(handlers.apply(session));
        sessions.add(session);
        gauge.incrementAndGet();
        connection.onDispose(() -> {
            info.slot().release();
            if (sessions.remove(session)) {
                gauge.decrementAndGet();
            }
            session.channelClosed();
        });
        WebsocketInbound aggregated = in.aggregateFrames(settings.frameCap());
        // After the aggregator, so its failures are seen here rather than on the inbound stream.
        pipeline.addBefore(NettyPipeline.ReactiveBridge, InboundFailureHandler.NAME, new InboundFailureHandler(session));
        session.start();
        return aggregated
                .receiveFrames()
                .doOnNext(session::receive)
                // Ignore the frames here, not in then(never()): Reactor Netty still delivers frames
                // (a client's PINGs) after a server-initiated close has completed the inbound, and
                // then(never()) would take such a late frame for its own result.
                .then()
                .onErrorResume(e -> {
                    session.inboundFailed(e);
                    return Mono.empty();
                })
                .then(Mono.<Void>never())
                .takeUntilOther(connection.onDispose());
    }

    /** Drain: leave handling and close 1001 for every open session, one after another ({@link SequentialDrain}). */
    public CompletableFuture<Void> shutdownAll() {
        return SequentialDrain.start(sessions.snapshot());
    }

    /**
     * The drain's fallback when the ordered one runs out of time: every session not yet handled
     * gets its leave handling and close on its own loop at once, in parallel (no order between them).
     */
    public CompletableFuture<Void> closeAllNow() {
        return SequentialDrain.allAtOnce(sessions.snapshot());
    }
}
