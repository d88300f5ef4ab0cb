package dev.signals.loadtest.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link KeepAliveHttp} against a real HTTP server on loopback that echoes what it received and
 * counts the connections it accepted: requests come back to their callers, exactly, over at most
 * the connections allowed, and a closing server fails only the request it was answering.
 */
class KeepAliveHttpTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private EventLoopGroup serverLoops;
    private Channel server;
    private EventLoopGroup clientLoops;
    private final AtomicInteger accepted = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        serverLoops = new NioEventLoopGroup(2);
        server = new ServerBootstrap().group(serverLoops).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.incrementAndGet();
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Echo());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        clientLoops = new NioEventLoopGroup(2);
    }

    @AfterEach
    void stop() {
        clientLoops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        server.close().syncUninterruptibly();
        serverLoops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private KeepAliveHttp client(int port, int connections) {
        Bootstrap base = new Bootstrap().group(clientLoops).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000);
        return new KeepAliveHttp(Target.parse("http://127.0.0.1:" + port), base, null, null, connections);
    }

    private int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Test
    void manyConcurrentRequestsEachGetTheirOwnAnswerOverAtMostTheAllowedConnections() {
        KeepAliveHttp http = client(port(), 3);
        List<String> answers = Flux.range(0, 300)
                .flatMap(i -> i % 2 == 0
                        ? http.post("/p/" + i, "body-" + i + "-é", "key", "k" + i).map(r -> r.status() + " " + r.body())
                        : http.get("/g/" + i, "key", "k" + i).map(r -> r.status() + " " + r.body()), 300)
                .collectList().block(WAIT);
        assertEquals(300, answers.size());
        for (int i = 0; i < 300; i++) {
            String expected = i % 2 == 0 ? "200 POST /p/" + i + " key=k" + i + " body-" + i + "-é" : "200 GET /g/" + i + " key=k" + i + " ";
            assertTrue(answers.contains(expected), "missing: " + expected);
        }
        assertEquals(3, accepted.get(), "connections opened");
    }

    @Test
    void aServerThatClosesAfterAnsweringCostsANewConnectionAndNoRequest() {
        KeepAliveHttp http = client(port(), 1);
        assertEquals("200 GET /close key=a ", answer(http.get("/close", "key", "a")));
        assertEquals("200 GET /next key=b ", answer(http.get("/next", "key", "b")));
        assertEquals(2, accepted.get());
    }

    @Test
    void aConnectionDroppedBeforeItsAnswerFailsThatRequestAsInDoubtAndTheNextGoesThrough() {
        KeepAliveHttp http = client(port(), 1);
        Throwable failure = assertThrows(RuntimeException.class, () -> http.get("/drop").block(WAIT));
        assertInstanceOf(IOException.class, failure.getCause() == null ? failure : failure.getCause());
        assertTrue(!(failure.getCause() instanceof ConnectException), "an answer in doubt, not a refused connect");
        assertEquals("200 GET /after key=c ", answer(http.get("/after", "key", "c")));
    }

    @Test
    void aRefusedConnectIsAConnectException() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        KeepAliveHttp http = client(closedPort, 1);
        Throwable failure = assertThrows(RuntimeException.class, () -> http.get("/x").block(WAIT));
        assertInstanceOf(ConnectException.class, failure.getCause());
    }

    private static String answer(Mono<HttpReply> reply) {
        HttpReply r = reply.block(WAIT);
        return r.status() + " " + r.body();
    }

    /** Answers "METHOD path key=… body"; /close answers and closes, /drop closes without answering. */
    private static final class Echo extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (req.uri().equals("/drop")) {
                ctx.close();
                return;
            }
            String text = req.method() + " " + req.uri() + " key=" + req.headers().get("key", "") + " "
                    + req.content().toString(StandardCharsets.UTF_8);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
            boolean close = req.uri().equals("/close");
            if (close) {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            ctx.writeAndFlush(res).addListener(f -> {
                if (close) {
                    ctx.close();
                }
            });
        }
    }
}
