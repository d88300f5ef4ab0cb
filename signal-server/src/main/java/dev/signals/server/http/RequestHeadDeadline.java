package dev.signals.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a new connection whose first request head has not fully arrived within the deadline
 * (PROTOCOLS.md §1.4 slow-loris defence): an idle timer alone is reset by every trickled byte.
 * Removes itself once a request head is decoded; sits right after the HTTP codec.
 */
public final class RequestHeadDeadline extends ChannelInboundHandlerAdapter {
    public static final String NAME = "signal.requestHeadDeadline";

    private final long timeoutMillis;
    private ScheduledFuture<?> timer;

    public RequestHeadDeadline(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> {
            ctx.channel().close();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            cancel();
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
