package dev.signals.loadtest.bare;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The ceiling to compare mailbox servers against: the smallest Reactor Netty server that serves
 * the mailbox dialect's hand-over (docs/mailbox.md) as the {@code mailbox} scenario drives it. A
 * {@code POST} to {@code /offer|answer/sdp|candidate/} stores its item under the {@code key}
 * header, a {@code GET} pops the other side's item of that kind, and both answer
 * {@code {"msg":"","data":…}}. No TTL, validation, limits or metrics, and a key is dropped when
 * its offerer fetches the answer, the hand-over's last step: whatever a real server does beyond
 * this is its overhead. Items are kept as the JSON string text they are answered with, so a
 * {@code GET} copies nothing (docs/benchmarks.md § Other commands).
 */
public final class BareMailbox extends BareServer {
    private static final byte[] DATA = RawJson.ascii("\"data\"");
    private static final byte[] STORED = RawJson.ascii("{\"msg\":\"\",\"data\":null}");
    private static final byte[] NOTHING = RawJson.ascii("{\"msg\":\"nothing to fetch\",\"data\":null}");
    private static final byte[] NOT_FOUND = RawJson.ascii("{\"msg\":\"not found\",\"data\":null}");
    private static final byte[] FETCHED_HEAD = RawJson.ascii("{\"msg\":\"\",\"data\":\"");
    private static final byte[] FETCHED_TAIL = RawJson.ascii("\"}");
    private static final int SDP = 0;
    private static final int CANDIDATE = 1;

    private final ConcurrentHashMap<String, Key> keys = new ConcurrentHashMap<>();

    /** One key's queues, by {@link #queue}: the offerer's and the answerer's SDPs and candidates. */
    private static final class Key {
        @SuppressWarnings("unchecked")
        final Queue<byte[]>[] queues = new Queue[4];

        Key() {
            for (int i = 0; i < queues.length; i++) {
                queues[i] = new ConcurrentLinkedQueue<>();
            }
        }
    }

    private BareMailbox(int threads, BareTransport transport) {
        super("bare-mailbox", threads, transport);
    }

    /** Binds {@code host:port} (port 0 picks a free one) on {@code threads} event loops of {@code transport}. */
    public static BareMailbox start(String host, int port, int threads, BareTransport transport) {
        BareMailbox mailbox = new BareMailbox(threads, transport);
        mailbox.bind(host, port);
        return mailbox;
    }

    @Override
    HttpServer serve(HttpServer http) {
        return http.handle(this::exchange);
    }

    private Publisher<Void> exchange(HttpServerRequest request, HttpServerResponse response) {
        String key = request.requestHeaders().get("key");
        String[] parts = request.fullPath().split("/");
        int side = parts.length == 3 ? side(parts[1]) : -1;
        int kind = parts.length == 3 ? kind(parts[2]) : -1;
        if (key == null || side < 0 || kind < 0) {
            return reply(response, HttpResponseStatus.NOT_FOUND, Unpooled.wrappedBuffer(NOT_FOUND));
        }
        if (request.method() == HttpMethod.GET) {
            return reply(response, HttpResponseStatus.OK, fetch(key, 1 - side, kind, side == 0 && kind == SDP));
        }
        if (request.method() != HttpMethod.POST) {
            return reply(response, HttpResponseStatus.NOT_FOUND, Unpooled.wrappedBuffer(NOT_FOUND));
        }
        return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap(body -> {
            byte[] item = side == 0 && kind == SDP ? dataOf(body) : escaped(body);
            keys.computeIfAbsent(key, k -> new Key()).queues[queue(side, kind)].add(item);
            return Mono.from(reply(response, HttpResponseStatus.OK, Unpooled.wrappedBuffer(STORED)));
        });
    }

    /** Pops {@code side}'s item of {@code kind}; {@code last} drops the key once it is taken. */
    private ByteBuf fetch(String key, int side, int kind, boolean last) {
        Key held = keys.get(key);
        byte[] item = held == null ? null : held.queues[queue(side, kind)].poll();
        if (item == null) {
            return Unpooled.wrappedBuffer(NOTHING);
        }
        if (last) {
            keys.remove(key, held);
        }
        return Unpooled.wrappedBuffer(FETCHED_HEAD, item, FETCHED_TAIL);
    }

    private static Publisher<Void> reply(HttpServerResponse response, HttpResponseStatus status, ByteBuf json) {
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(json.readableBytes()))
                .send(Mono.just(json));
    }

    private static int queue(int side, int kind) {
        return side * 2 + kind;
    }

    private static int side(String name) {
        return name.equals("offer") ? 0 : name.equals("answer") ? 1 : -1;
    }

    private static int kind(String name) {
        return name.equals("sdp") ? SDP : name.equals("candidate") ? CANDIDATE : -1;
    }

    /** The text of the offer body's {@code "data"} string as it arrived, escapes and all; empty when there is none. */
    private static byte[] dataOf(byte[] body) {
        ByteBuf json = Unpooled.wrappedBuffer(body);
        int start = RawJson.valueStart(json, DATA);
        int end = RawJson.stringEnd(json, start);
        if (end < 0) {
            return new byte[0];
        }
        byte[] text = new byte[end - start - 2];
        json.getBytes(start + 1, text);
        return text;
    }

    /** A raw body as the text of a JSON string: quotes, backslashes and control bytes escaped, UTF-8 kept. */
    private static byte[] escaped(byte[] raw) {
        ByteBuf out = Unpooled.buffer(raw.length + raw.length / 16 + 8);
        for (byte b : raw) {
            if (b == '"' || b == '\\') {
                out.writeByte('\\').writeByte(b);
            } else if (b == '\n') {
                out.writeByte('\\').writeByte('n');
            } else if (b == '\r') {
                out.writeByte('\\').writeByte('r');
            } else if (b >= 0 && b < 0x20) {
                out.writeBytes(RawJson.ascii(String.format("\\u%04x", b)));
            } else {
                out.writeByte(b);
            }
        }
        byte[] text = new byte[out.readableBytes()];
        out.readBytes(text);
        return text;
    }
}
