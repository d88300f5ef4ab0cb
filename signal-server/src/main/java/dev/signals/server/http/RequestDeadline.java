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
    /** The one timer, left armed across requests; it checks {@link #waitEndsAt} when it fires. */
    private ScheduledFuture<?> timer;
    private long timerFiresAt;
    /** Whether the server is waiting on the client now, and until when ({@link System#nanoTime}). */
    private boolean waiting;
    private long waitEndsAt;
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
            if (!waiting) {
                restart(ctx); // a pipelined request arrived while the server was busy
            }
        }
        if (msg instanceof LastHttpContent) {
            reading = false;
            if (awaitingResponse == 0) {
                restart(ctx); // answered early; now idle until the next request
            } else {
                stopWaiting(); // the server's turn
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
        stopWaiting();
        disarm();
    }

    /**
     * A new wait on the client, ending one deadline from now. The timer armed for an earlier wait
     * is kept when it fires no later than this one ends: rescheduling a Netty timer per request
     * cost a heap insertion and removal each time (BENCHMARKS.md "Seventh session on issue 16").
     */
    private void restart(ChannelHandlerContext ctx) {
        waiting = true;
        waitEndsAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis.getAsLong());
        if (timer == null || timerFiresAt - waitEndsAt > 0) {
            arm(ctx, waitEndsAt); // none armed, or it would fire late: the deadline has shrunk
        }
    }

    private void stopWaiting() {
        waiting = false;
    }

    private void arm(ChannelHandlerContext ctx, long at) {
        disarm();
        timerFiresAt = at;
        timer = ctx.executor().schedule(() -> fired(ctx), Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void fired(ChannelHandlerContext ctx) {
        timer = null;
        if (!waiting) {
            return; // the server's turn; the next wait arms a timer again
        }
        if (waitEndsAt - System.nanoTime() > 0) {
            arm(ctx, waitEndsAt); // the wait began after this timer was armed
        } else {
            ctx.channel().close();
        }
    }
}
