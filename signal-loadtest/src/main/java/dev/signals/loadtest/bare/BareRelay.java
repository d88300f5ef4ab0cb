package dev.signals.loadtest.bare;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * The ceiling to compare room servers against: the smallest Reactor Netty server that speaks
 * just enough of the room dialect (docs/room.md) to be driven by {@code room-relay} —
 * {@code notify-client-id} on open, {@code join} with {@code new-client} to the room, and
 * {@code offer}/{@code answer} relayed with the sender's id written in. No validation, no
 * metrics, no limits, no keep-alive: whatever a real server does beyond this is its overhead.
 * A relayed message is copied once, byte for byte, from the inbound frame into a pooled buffer
 * (docs/benchmarks.md § Other commands).
 */
public final class BareRelay extends BareServer {
    private static final int MAX_MESSAGE_BYTES = 1 << 20;
    private static final byte[] TYPE = RawJson.ascii("\"type\"");
    private static final byte[] CLIENT_ID = RawJson.ascii("\"client_id\"");
    private static final byte[] SDP = RawJson.ascii("\"sdp\"");
    private static final byte[] ROOM_ID = RawJson.ascii("\"room_id\"");
    private static final byte[] JOIN = RawJson.ascii("\"join\"");
    private static final byte[] OFFER = RawJson.ascii("\"offer\"");
    private static final byte[] ANSWER = RawJson.ascii("\"answer\"");
    private static final byte[] OFFER_HEAD = RawJson.ascii("{\"type\":\"offer\",\"payload\":{\"client_id\":\"");
    private static final byte[] ANSWER_HEAD = RawJson.ascii("{\"type\":\"answer\",\"payload\":{\"client_id\":\"");
    private static final byte[] SDP_HEAD = RawJson.ascii("\",\"sdp\":");
    private static final byte[] TAIL = RawJson.ascii("}}");

    private final ConcurrentHashMap<String, Peer> peers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<Peer>> rooms = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /** One connected client; {@code room} is touched only on its own event loop. */
    private static final class Peer {
        final String id;
        final byte[] idBytes;
        final Channel channel;
        String room;

        Peer(String id, Channel channel) {
            this.id = id;
            this.idBytes = RawJson.ascii(id);
            this.channel = channel;
        }

        void send(String text) {
            channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
        }

        /** Sends {@code utf8}, which it owns from here on. */
        void send(ByteBuf utf8) {
            channel.writeAndFlush(new TextWebSocketFrame(utf8), channel.voidPromise());
        }
    }

    private BareRelay(int threads, BareTransport transport) {
        super("bare-relay", threads, transport);
    }

    @Override
    HttpServer serve(HttpServer http) {
        WebsocketServerSpec spec = WebsocketServerSpec.builder().maxFramePayloadLength(MAX_MESSAGE_BYTES).build();
        return http.route(routes -> routes.ws("/connect", (in, out) -> Mono.defer(() -> {
            Peer[] self = new Peer[1];
            in.withConnection(c -> self[0] = open(c.channel()));
            return in.aggregateFrames(MAX_MESSAGE_BYTES).receiveFrames()
                    .doOnNext(frame -> {
                        if (frame instanceof TextWebSocketFrame) {
                            handle(self[0], frame.content());
                        }
                    })
                    .doFinally(signal -> gone(self[0]))
                    .then();
        }), spec));
    }

    /** Binds {@code host:port} (port 0 picks a free one) on {@code threads} event loops of Reactor Netty's own transport. */
    public static BareRelay start(String host, int port, int threads) {
        return start(host, port, threads, BareTransport.parse("auto"));
    }

    /** Binds {@code host:port} (port 0 picks a free one) on {@code threads} event loops of {@code transport}. */
    public static BareRelay start(String host, int port, int threads, BareTransport transport) {
        BareRelay relay = new BareRelay(threads, transport);
        relay.bind(host, port);
        return relay;
    }

    private Peer open(Channel channel) {
        String id = String.format("bare%016x", ids.incrementAndGet());
        Peer peer = new Peer(id, channel);
        peers.put(id, peer);
        peer.send("{\"type\":\"notify-client-id\",\"payload\":{\"client_id\":\"" + id + "\"}}");
        return peer;
    }

    private void handle(Peer from, ByteBuf text) {
        int type = RawJson.valueStart(text, TYPE);
        if (RawJson.valueIs(text, type, JOIN)) {
            join(from, RawJson.stringValue(text, ROOM_ID));
        } else if (RawJson.valueIs(text, type, OFFER)) {
            relay(from, OFFER_HEAD, text);
        } else if (RawJson.valueIs(text, type, ANSWER)) {
            relay(from, ANSWER_HEAD, text);
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

    /** Writes {@code head}, the sender's id and the inbound {@code sdp} value, as is, into one pooled buffer. */
    private void relay(Peer from, byte[] head, ByteBuf text) {
        String to = RawJson.stringValue(text, CLIENT_ID);
        Peer target = to == null ? null : peers.get(to);
        int sdp = RawJson.valueStart(text, SDP);
        int sdpEnd = RawJson.stringEnd(text, sdp);
        if (target == null || sdpEnd < 0) {
            return;
        }
        int sdpLength = sdpEnd - sdp;
        ByteBuf out = target.channel.alloc().buffer(head.length + from.idBytes.length + SDP_HEAD.length + sdpLength + TAIL.length);
        out.writeBytes(head).writeBytes(from.idBytes).writeBytes(SDP_HEAD).writeBytes(text, sdp, sdpLength).writeBytes(TAIL);
        target.send(out);
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

    private void gone(Peer peer) {
        if (peer != null) {
            leave(peer);
            peers.remove(peer.id);
        }
    }
}
