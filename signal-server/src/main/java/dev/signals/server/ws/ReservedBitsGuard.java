package dev.signals.server.ws;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * Refuses frames with an RSV bit set: the server negotiates no extension, so a set bit is a
 * protocol error (docs/security.md). Reactor Netty's decoder accepts them, so this handler, right
 * after the decoder (before continuation frames are folded away), does what the decoder does for
 * its own violations: sends close 1002, closes the connection and reports the failure, which
 * {@link InboundFailureHandler} counts. Stateless, so one instance serves all. Enabling
 * compression in {@link WsEndpoint}'s spec would negotiate RSV1, and must then let it through.
 */
@ChannelHandler.Sharable
final class ReservedBitsGuard extends ChannelInboundHandlerAdapter {
    static final ReservedBitsGuard INSTANCE = new ReservedBitsGuard();
    static final String NAME = "signal.reservedBits";
    static final String REASON = "reserved bits set";

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof WebSocketFrame && ((WebSocketFrame) msg).rsv() != 0) {
            ((WebSocketFrame) msg).release();
            if (ctx.channel().isActive()) {
                ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR.code(), REASON))
                        .addListener(ChannelFutureListener.CLOSE);
            }
            ctx.fireExceptionCaught(new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR, REASON));
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
