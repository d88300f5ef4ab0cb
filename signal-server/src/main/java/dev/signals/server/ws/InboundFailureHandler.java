package dev.signals.server.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;

/**
 * Sits just before Reactor's bridge and turns frame-level failures into closes (PROTOCOLS.md
 * §1.4/§1.5) instead of errors on the inbound stream: an over-long fragmented message becomes
 * 1009 {@code message too big}; a frame the decoder rejected (it already sent its close frame)
 * just ends the session. Later frames of a failed connection are ignored rather than re-reported.
 */
final class InboundFailureHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "signal.inboundFailures";

    private final WsSession session;

    InboundFailureHandler(WsSession session) {
        this.session = session;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            session.messageTooBig();
        } else if (cause instanceof CorruptedWebSocketFrameException) {
            session.protocolViolation(((CorruptedWebSocketFrameException) cause).closeStatus().code());
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
