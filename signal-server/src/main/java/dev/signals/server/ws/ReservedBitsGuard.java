package dev.signals.server.ws;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * Refuses frames with an RSV bit set: the server negotiates no extension, so a set bit is a
 * protocol error (docs/security.md). Reactor Netty's decoder accepts them, so {@link WsFrameHandler},
 * right after the decoder (before fragments are folded), does for them what the decoder does for
 * its own violations: sends close 1002 and closes the connection. Enabling compression in
 * {@link WsEndpoint}'s spec would negotiate RSV1, and must then let it through.
 */
final class ReservedBitsGuard {
    static final String REASON = "reserved bits set";

    private ReservedBitsGuard() {
    }

    static void refuse(ChannelHandlerContext ctx, WebSocketFrame frame) {
        frame.release();
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR.code(), REASON))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
