package dev.signals.loadtest.net;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.io.IOException;
import reactor.core.publisher.MonoSink;

/**
 * The last handler of a client WebSocket's pipeline: performs the upgrade with Netty's own
 * handshaker, then hands each whole text message to the connection's listener, answers pings, and
 * answers the server's close with the same close (docs/benchmarks.md "How it measures").
 */
final class ClientSocket extends SimpleChannelInboundHandler<Object> {
    private final WebSocketClientHandshaker handshaker;
    private final int maxMessageBytes;
    private final WsConn conn;
    private final MonoSink<WsConn> opened;

    ClientSocket(WebSocketClientHandshaker handshaker, int maxMessageBytes, WsConn conn, MonoSink<WsConn> opened) {
        this.handshaker = handshaker;
        this.maxMessageBytes = maxMessageBytes;
        this.conn = conn;
        this.opened = opened;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        handshaker.handshake(ctx.channel()).addListener(f -> {
            if (!f.isSuccess()) {
                upgradeFailed(ctx, f.cause());
            }
        });
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (!handshaker.isHandshakeComplete()) {
            try {
                handshaker.finishHandshake(ctx.channel(), (FullHttpResponse) msg);
            } catch (RuntimeException e) { // a refusal: WebSocketClientHandshakeException carries the response
                upgradeFailed(ctx, e);
                return;
            }
            ctx.pipeline().addBefore(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(maxMessageBytes));
            conn.attach(ctx.channel());
            opened.success(conn);
        } else if (msg instanceof TextWebSocketFrame text) {
            conn.listener().onText(conn, text.content());
        } else if (msg instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()), ctx.voidPromise());
        } else if (msg instanceof CloseWebSocketFrame close) {
            conn.closeStatus(close.statusCode(), close.reasonText());
            if (conn.closeSent()) {
                ctx.close();
            } else {
                ctx.writeAndFlush(new CloseWebSocketFrame(true, 0, close.content().retain()))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!handshaker.isHandshakeComplete()) {
            opened.error(new IOException("closed during the upgrade"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!handshaker.isHandshakeComplete()) {
            opened.error(cause);
        }
        ctx.close();
    }

    private void upgradeFailed(ChannelHandlerContext ctx, Throwable cause) {
        opened.error(cause);
        ctx.close();
    }
}
