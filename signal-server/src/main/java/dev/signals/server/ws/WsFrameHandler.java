package dev.signals.server.ws;

import dev.signals.core.limits.ReadAllowance;
import dev.signals.server.logging.ThrottledLog;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket's one handler of its own, right after the frame decoder: refuses frames with
 * reserved bits set ({@link ReservedBitsGuard#refuse}), folds a fragmented message into one frame
 * of at most {@code cap} bytes, hands every complete data and ping/pong frame straight to its
 * {@link WsSession}, notes reads for the read timeout and the client's close code for
 * docs/resume.md, and passes close frames on to Reactor Netty, which answers them. One handler
 * and no reactive stream per socket, rather than a guard, an aggregator, a failure handler and a
 * subscriber chain (BENCHMARKS.md "Memory per idle WebSocket"). Frame-level failures become closes (SECURITY.md "Limits and
 * their defaults", docs/security.md "On a WebSocket") instead of errors: an over-long fragmented
 * message is 1009 {@code message too big}; a frame the decoder rejected (it already sent its close
 * frame) just ends the session. A connection dropped mid-message, or failing after it is gone, is
 * one throttled warning line, not an ERROR with a stack trace per connection (SECURITY.md, log volume).
 * A socket that sends faster than its read allowance stops being read until the allowance has
 * repaid the excess, so a flood waits in its own TCP window instead of taking the event loop from
 * the loop's other sockets (SECURITY.md "Read budget").
 */
final class WsFrameHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "signal.frames";
    /** Fragments one message may have before they are copied together (Netty's aggregator default). */
    private static final int MAX_COMPONENTS = 1024;
    /** The code a close frame without a status stands for (RFC 6455 "no status received"). */
    private static final int NO_STATUS = 1005;
    /** A client frame's header: 2 bytes and the 4-byte mask, the length's extension not counted. */
    private static final int FRAME_HEADER_BYTES = 6;

    private final WsSession session;
    private final ThrottledLog dropped;
    private final int cap;
    private final ReadAllowance allowance;
    /** Reading is paused until a scheduled resume; set and cleared on the event loop only. */
    private boolean paused;
    /** The fragments so far of a message being folded, or null. */
    private CompositeByteBuf partial;
    private boolean partialIsText;
    /** A fragmented message grew past the cap: its remaining fragments are dropped. */
    private boolean discarding;

    WsFrameHandler(WsSession session, ThrottledLog dropped, int cap, ReadAllowance allowance) {
        this.session = session;
        this.dropped = dropped;
        this.cap = cap;
        this.allowance = allowance;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof WebSocketFrame) {
            charge(ctx, ((WebSocketFrame) msg).content().readableBytes());
        }
        if (msg instanceof CloseWebSocketFrame) {
            int code = ((CloseWebSocketFrame) msg).statusCode();
            session.closeFrameReceived(code < 0 ? NO_STATUS : code);
            ctx.fireChannelRead(msg);
        } else if (msg instanceof WebSocketFrame) {
            WebSocketFrame frame = (WebSocketFrame) msg;
            if (frame.rsv() != 0) {
                ReservedBitsGuard.refuse(ctx, frame);
                session.protocolViolation(WebSocketCloseStatus.PROTOCOL_ERROR.code());
                return;
            }
            WebSocketFrame whole = fold(ctx, frame);
            if (whole != null) {
                try {
                    session.receive(whole);
                } finally {
                    whole.release();
                }
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * Counts a frame against the read allowance; past it, turns reading off for as long as the
     * refill takes. Netty stops its read loop for this socket once auto-read is off, so at most
     * the rest of the current read is still delivered.
     */
    private void charge(ChannelHandlerContext ctx, int payloadBytes) {
        long pauseNanos = allowance.charge(payloadBytes + FRAME_HEADER_BYTES, System.nanoTime());
        if (pauseNanos == 0 || paused) {
            return;
        }
        paused = true;
        session.readPaused();
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> resume(ctx), pauseNanos, TimeUnit.NANOSECONDS);
    }

    private void resume(ChannelHandlerContext ctx) {
        paused = false;
        // The pause was ours, not the client's silence: the read timeout starts over.
        session.readHappened();
        ctx.channel().config().setAutoRead(true);
    }

    /**
     * A complete message or control frame, or null while fragments are still arriving. The frame
     * decoder has already refused fragments out of order (docs/security.md "On a WebSocket").
     */
    private WebSocketFrame fold(ChannelHandlerContext ctx, WebSocketFrame frame) {
        boolean data = frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame;
        if (data && frame.isFinalFragment()) {
            return frame;
        }
        if (data) {
            partialIsText = frame instanceof TextWebSocketFrame;
            partial = ctx.alloc().compositeBuffer(MAX_COMPONENTS);
            return append(frame);
        }
        if (frame instanceof ContinuationWebSocketFrame) {
            if (discarding || partial == null) {
                discarding &= !frame.isFinalFragment();
                frame.release();
                return null;
            }
            return append(frame);
        }
        return frame; // a control frame, allowed between fragments
    }

    private WebSocketFrame append(WebSocketFrame frame) {
        boolean last = frame.isFinalFragment();
        if (frame.content().readableBytes() > cap - partial.readableBytes()) {
            frame.release();
            releasePartial();
            discarding = !last;
            session.messageTooBig();
            return null;
        }
        partial.addComponent(true, frame.content());
        if (!last) {
            return null;
        }
        CompositeByteBuf content = partial;
        partial = null;
        return partialIsText ? new TextWebSocketFrame(true, 0, content) : new BinaryWebSocketFrame(true, 0, content);
    }

    private void releasePartial() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (partial != null) {
            warnCutOff();
            releasePartial();
        }
        ctx.fireChannelInactive();
    }

    private void warnCutOff() {
        dropped.warn("cut-off", "{} connection {} dropped with a message cut off mid-fragment",
                session.dialect(), session.id());
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePartial();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Every read reaches here, also one that only carried part of a frame.
        session.readHappened();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            session.messageTooBig();
        } else if (cause instanceof CorruptedWebSocketFrameException) {
            session.protocolViolation(((CorruptedWebSocketFrameException) cause).closeStatus().code());
        } else if (cause instanceof PrematureChannelClosureException) {
            warnCutOff();
        } else if (!ctx.channel().isActive()) {
            dropped.warn("after-close", "{} connection {} failed after it closed: {}",
                    session.dialect(), session.id(), cause.toString());
        } else {
            session.inboundFailed(cause);
        }
    }
}
