package dev.signals.loadtest.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The harness's HTTP/1.1 client: at most {@code maxConnections} keep-alive connections to one
 * target, one request at a time on each (as a browser does, no pipelining), written straight onto
 * Netty channels. Reactor Netty's client built a request configuration, a pooled-connection
 * handshake and a body publisher per request and spent about as much CPU as the server it measured
 * (docs/benchmarks.md "How it measures"); this one costs a request object and its bytes.
 * A request that finds every connection busy waits in a queue; the scenarios bound what is in
 * flight. A connection that closes fails its request with {@link IOException} (answer in doubt); a
 * connect that fails is a {@link java.net.ConnectException} (never sent).
 */
public final class KeepAliveHttp {
    private static final int MAX_RESPONSE_BYTES = 4 << 20;

    private final Bootstrap bootstrap;
    private final String hostHeader;
    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentLinkedQueue<Lane> idle = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Call> waiting = new ConcurrentLinkedQueue<>();

    /**
     * @param base a bootstrap with the harness's event loops, channel type and options
     * @param tls the client TLS context when {@code target} is https, else null
     * @param source local address to bind, or null
     */
    KeepAliveHttp(Target target, Bootstrap base, SslContext tls, InetSocketAddress source, int maxConnections) {
        this.maxConnections = Math.max(1, maxConnections);
        this.hostHeader = target.host() + ":" + target.port();
        Bootstrap b = base.remoteAddress(target.host(), target.port())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null && target.secure()) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc(), target.host(), target.port()));
                        }
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE_BYTES));
                    }
                });
        this.bootstrap = source == null ? b : b.localAddress(source);
    }

    /** GET {@code path} with extra headers given as name, value pairs. */
    public Mono<HttpReply> get(String path, String... headers) {
        return request(HttpMethod.GET, path, null, headers);
    }

    /** POST of a UTF-8 body with extra headers given as name, value pairs. */
    public Mono<HttpReply> post(String path, String body, String... headers) {
        return request(HttpMethod.POST, path, body, headers);
    }

    private Mono<HttpReply> request(HttpMethod method, String path, String body, String... headers) {
        return Mono.create(sink -> dispatch(new Call(method, path, body, headers, sink)));
    }

    /** Hands {@code call} to an idle connection, a new one, or the queue. */
    private void dispatch(Call call) {
        Lane lane = idle.poll();
        if (lane != null) {
            lane.send(call);
            return;
        }
        if (open.incrementAndGet() <= maxConnections) {
            connect(call);
            return;
        }
        open.decrementAndGet();
        waiting.add(call);
        // A connection may have gone idle between the poll and the add: hand it the call now.
        Lane freed = idle.poll();
        if (freed != null) {
            freed.release();
        }
    }

    private void connect(Call first) {
        ChannelFuture connecting = bootstrap.connect();
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                open.decrementAndGet();
                first.sink.error(f.cause());
                return;
            }
            Channel ch = connecting.channel();
            Lane lane = new Lane(ch);
            ch.pipeline().addLast(lane);
            ch.closeFuture().addListener(c -> lane.closed());
            lane.send(first);
        });
    }

    /** One request in its bytes, and the caller waiting for the answer. */
    private record Call(HttpMethod method, String path, String body, String[] headers, MonoSink<HttpReply> sink) {
        FullHttpRequest encode(Channel ch, String hostHeader) {
            ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : ByteBufUtil.writeUtf8(ch.alloc(), body);
            FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path, content);
            req.headers().set(HttpHeaderNames.HOST, hostHeader);
            if (body != null) {
                HttpUtil.setContentLength(req, content.readableBytes());
            }
            for (int i = 0; i + 1 < headers.length; i += 2) {
                req.headers().set(headers[i], headers[i + 1]);
            }
            return req;
        }
    }

    /** One keep-alive connection and the request it is answering, if any. */
    private final class Lane extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final Channel channel;
        /** Touched on the channel's event loop only. */
        private Call current;

        Lane(Channel channel) {
            this.channel = channel;
        }

        void send(Call call) {
            if (!channel.eventLoop().inEventLoop()) {
                channel.eventLoop().execute(() -> send(call));
                return;
            }
            if (!channel.isActive()) {
                call.sink.error(new ConnectException("connection closed before the request was sent"));
                return;
            }
            current = call;
            channel.writeAndFlush(call.encode(channel, hostHeader)).addListener(w -> {
                if (!w.isSuccess()) {
                    channel.close();
                }
            });
        }

        /** Takes the next waiting call, or goes back to the idle connections. */
        void release() {
            Call next = waiting.poll();
            if (next != null) {
                send(next);
                return;
            }
            idle.add(this);
            // A call may have queued between the poll and the add: take it back from the idle set.
            Call late = waiting.poll();
            if (late != null) {
                if (idle.remove(this)) {
                    send(late);
                } else {
                    dispatch(late);
                }
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
            Call call = current;
            current = null;
            if (call == null) {
                ctx.close();
                return;
            }
            boolean keep = HttpUtil.isKeepAlive(res);
            call.sink.success(new HttpReply(res.status().code(), res.content().toString(StandardCharsets.UTF_8)));
            if (keep) {
                release();
            } else {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        void closed() {
            idle.remove(this);
            open.decrementAndGet();
            Call call = current;
            current = null;
            if (call != null) {
                call.sink.error(new IOException("connection closed before the response"));
            }
            Call next = waiting.poll();
            if (next != null) {
                dispatch(next);
            }
        }
    }
}
