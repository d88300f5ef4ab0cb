package dev.signals.server.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The slow-loris defence (SECURITY.md "Limits and their defaults"): whenever the server is waiting on the client — for
 * a new connection's first request, for the next request on a kept-alive connection, or for the
 * rest of a request's head and body — the whole wait must end within the deadline, or the
 * connection is closed. An idle or read timer alone would be reset by every trickled byte.
 * Sits right after the HTTP codec; leaves the pipeline once the connection becomes a WebSocket,
 * whose own read timeout takes over. All state is touched on the channel's event loop only. The
 * deadline is read anew at each wait, so a node near its connection cap can cut waits short.
 */
public final class RequestDeadline extends ChannelDuplexHandler {
    public static final String NAME = "signal.requestDeadline";

    private final LongSupplier timeoutMillis;
    private ScheduledFuture<?> timer;
    /** Between a request's head and its last content. */
    private boolean reading;
    /** Requests whose head has arrived and whose response is not yet complete. */
    private int awaitingResponse;

    public RequestDeadline(LongSupplier timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        restart(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            reading = true;
            awaitingResponse++;
            if (timer == null) {
                restart(ctx); // a pipelined request arrived while the server was busy
            }
        }
        if (msg instanceof LastHttpContent) {
            reading = false;
            if (awaitingResponse == 0) {
                restart(ctx); // answered early; now idle until the next request
            } else {
                cancel(); // the server's turn
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean informational = msg instanceof HttpResponse
                && ((HttpResponse) msg).status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (informational && HttpResponseStatus.SWITCHING_PROTOCOLS.equals(((HttpResponse) msg).status())) {
            ctx.pipeline().remove(this); // a WebSocket now: docs/security.md "On a WebSocket"'s read timeout applies instead
        } else if (!informational && msg instanceof LastHttpContent && awaitingResponse > 0) {
            awaitingResponse--;
            if (awaitingResponse == 0 && !reading) {
                restart(ctx); // idle: the next request must arrive within the deadline
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void restart(ChannelHandlerContext ctx) {
        cancel();
        timer = ctx.executor().schedule(() -> {
            ctx.channel().close();
        }, timeoutMillis.getAsLong(), TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
