package dev.signals.loadtest.bare;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.resources.LoopResources;

/**
 * The ceiling to compare room servers against: the smallest Reactor Netty server that speaks
 * just enough of the room dialect (docs/room.md) to be driven by {@code room-relay} —
 * {@code notify-client-id} on open, {@code join} with {@code new-client} to the room, and
 * {@code offer}/{@code answer} relayed with the sender's id written in. No validation, no
 * metrics, no limits, no keep-alive: whatever a real server does beyond this is its overhead.
 */
public final class BareRelay implements AutoCloseable {
    private static final int MAX_MESSAGE_BYTES = 1 << 20;

    private final LoopResources loops;
    private final DisposableServer server;
    private final ConcurrentHashMap<String, Peer> peers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<Peer>> rooms = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /** One connected client; {@code room} is touched only on its own event loop. */
    private static final class Peer {
        final String id;
        final Channel channel;
        String room;

        Peer(String id, Channel channel) {
            this.id = id;
            this.channel = channel;
        }

        void send(String text) {
            channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
        }
    }

    private BareRelay(String host, int port, int threads) {
        this.loops = LoopResources.create("bare-relay", Math.max(1, threads), true);
        WebsocketServerSpec spec = WebsocketServerSpec.builder().maxFramePayloadLength(MAX_MESSAGE_BYTES).build();
        this.server = HttpServer.create().host(host).port(port).runOn(loops)
                .route(routes -> routes.ws("/connect", (in, out) -> Mono.defer(() -> {
                    Peer[] self = new Peer[1];
                    in.withConnection(c -> self[0] = open(c.channel()));
                    return in.aggregateFrames(MAX_MESSAGE_BYTES).receiveFrames()
                            .doOnNext(frame -> {
                                if (frame instanceof TextWebSocketFrame) {
                                    handle(self[0], frame.content().toString(StandardCharsets.UTF_8));
                                }
                            })
                            .doFinally(signal -> close(self[0]))
                            .then();
                }), spec))
                .bindNow();
    }

    /** Binds {@code host:port} (port 0 picks a free one) on {@code threads} event loops. */
    public static BareRelay start(String host, int port, int threads) {
        return new BareRelay(host, port, threads);
    }

    public int port() {
        return server.port();
    }

    private Peer open(Channel channel) {
        String id = String.format("bare%016x", ids.incrementAndGet());
        Peer peer = new Peer(id, channel);
        peers.put(id, peer);
        peer.send("{\"type\":\"notify-client-id\",\"payload\":{\"client_id\":\"" + id + "\"}}");
        return peer;
    }

    private void handle(Peer from, String text) {
        String type = RawJson.stringValue(text, "type");
        if (type == null) {
            return;
        }
        switch (type) {
            case "join":
                join(from, RawJson.stringValue(text, "room_id"));
                break;
            case "offer":
            case "answer":
                relay(from, type, text);
                break;
            default:
                break;
        }
    }

    private void join(Peer from, String room) {
        if (room == null) {
            return;
        }
        leave(from);
        from.room = room;
        Set<Peer> members = rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet());
        String notice = "{\"type\":\"new-client\",\"payload\":{\"client_id\":\"" + from.id + "\"}}";
        for (Peer p : members) {
            p.send(notice);
        }
        members.add(from);
    }

    private void relay(Peer from, String type, String text) {
        Peer target = peers.get(RawJson.stringValue(text, "client_id"));
        String sdp = RawJson.rawValue(text, "sdp");
        if (target == null || sdp == null) {
            return;
        }
        target.send("{\"type\":\"" + type + "\",\"payload\":{\"client_id\":\"" + from.id + "\",\"sdp\":" + sdp + "}}");
    }

    private void leave(Peer peer) {
        if (peer.room == null) {
            return;
        }
        Set<Peer> members = rooms.get(peer.room);
        if (members != null) {
            members.remove(peer);
            if (members.isEmpty()) {
                rooms.remove(peer.room, members);
            }
        }
        peer.room = null;
    }

    private void close(Peer peer) {
        if (peer != null) {
            leave(peer);
            peers.remove(peer.id);
        }
    }

    /** Blocks until the server is closed (by {@link #close} or the JVM shutting down). */
    public void awaitClose() {
        server.onDispose().block();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(2));
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(1)).block(Duration.ofSeconds(5));
    }
}
