package dev.signals.server.ws;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;

/**
 * Netty's frame decoder closes over-long frames (1009) and invalid UTF-8 (1007) itself, with its
 * own wording. Sitting between the frame encoder and decoder, this handler gives those close
 * frames the reasons SECURITY.md "Limits and their defaults"/docs/security.md "On a WebSocket" specify. Stateless, so one instance serves all.
 */
@ChannelHandler.Sharable
final class CloseReasonRewriter extends ChannelOutboundHandlerAdapter {
    static final CloseReasonRewriter INSTANCE = new CloseReasonRewriter();
    static final String MESSAGE_TOO_BIG = "message too big";
    static final String INVALID_UTF8 = "invalid utf-8";

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof CloseWebSocketFrame) {
            CloseWebSocketFrame close = (CloseWebSocketFrame) msg;
            String reason = reasonFor(close.statusCode());
            if (reason != null && !reason.equals(close.reasonText())) {
                int code = close.statusCode();
                close.release();
                ctx.write(new CloseWebSocketFrame(code, reason), promise);
                return;
            }
        }
        ctx.write(msg, promise);
    }

    private static String reasonFor(int statusCode) {
        switch (statusCode) {
            case 1009: return MESSAGE_TOO_BIG;
            case 1007: return INVALID_UTF8;
            default: return null;
        }
    }
}
