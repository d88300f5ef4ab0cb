package dev.signals.server.ws;

import dev.signals.server.logging.ThrottledLog;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;

/**
 * Sits just before Reactor's bridge and turns frame-level failures into closes (SECURITY.md
 * "Limits and their defaults", docs/security.md "On a WebSocket") instead of errors on the inbound stream: an over-long fragmented message becomes
 * 1009 {@code message too big}; a frame the decoder rejected (it already sent its close frame)
 * just ends the session. Later frames of a failed connection are ignored rather than re-reported.
 * A connection dropped in the middle of a fragmented message, or failing after it is gone, is one
 * throttled warning line: past the bridge it would be an ERROR with a stack trace per connection,
 * a log flood any client can cause (SECURITY.md, log volume).
 */
final class InboundFailureHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "signal.inboundFailures";

    private final WsSession session;
    private final ThrottledLog dropped;

    InboundFailureHandler(WsSession session, ThrottledLog dropped) {
        this.session = session;
        this.dropped = dropped;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            session.messageTooBig();
        } else if (cause instanceof CorruptedWebSocketFrameException) {
            session.protocolViolation(((CorruptedWebSocketFrameException) cause).closeStatus().code());
        } else if (cause instanceof PrematureChannelClosureException) {
            dropped.warn("cut-off", "{} connection {} dropped with a message cut off mid-fragment",
                    session.dialect(), session.id());
        } else if (!ctx.channel().isActive()) {
            dropped.warn("after-close", "{} connection {} failed after it closed: {}",
                    session.dialect(), session.id(), cause.toString());
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
