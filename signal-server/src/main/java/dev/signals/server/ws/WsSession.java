package dev.signals.server.ws;

import dev.signals.core.json.Utf8;
import dev.signals.core.limits.TokenBucket;
import dev.signals.server.logging.ConnLog;
import dev.signals.server.metrics.Metrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.EventLoop;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import reactor.netty.Connection;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * One WebSocket connection as the dialects see it (docs/security.md "On a WebSocket"): {@link #send} from any
 * thread, never blocking, into an outbound queue bounded by {@code --ws-send-queue} messages,
 * {@code --ws-send-queue-bytes} bytes and the node's {@link SendBudget}; {@link #close}
 * once with a code and reason; pings, the read timeout, the per-connection rate limit with its
 * graded response, and exactly-once close handling.
 */
public final class WsSession implements WsConnection {
    /** Consecutive one-second windows with drops after which a flooding client is closed. */
    static final int DROP_WINDOWS_BEFORE_CLOSE = 10;
    private static final long SECOND = 1_000_000_000L;
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private final String id;
    private final String dialect;
    private final Channel channel;
    private final WebsocketOutbound out;
    private final WsSettings settings;
    private final Metrics metrics;
    private final ConnLog log;
    private final SendBudget budget;
    // Field updaters rather than atomic objects: thousands of idle sockets each pay for every
    // object they hold (BENCHMARKS.md "Memory per idle WebSocket").
    private static final AtomicIntegerFieldUpdater<WsSession> QUEUED =
            AtomicIntegerFieldUpdater.newUpdater(WsSession.class, "queued");
    private static final AtomicLongFieldUpdater<WsSession> QUEUED_BYTES =
            AtomicLongFieldUpdater.newUpdater(WsSession.class, "queuedBytes");
    private static final AtomicIntegerFieldUpdater<WsSession> CLOSING =
            AtomicIntegerFieldUpdater.newUpdater(WsSession.class, "closing");
    private static final AtomicIntegerFieldUpdater<WsSession> CLOSE_HANDLED =
            AtomicIntegerFieldUpdater.newUpdater(WsSession.class, "closeHandled");

    private volatile int queued;
    private volatile long queuedBytes;
    /** 1 once a close has started (either side); read with {@link #closing()}. */
    private volatile int closing;
    private volatile int closeHandled;
    private final SocketClock clock;
    private final TokenBucket bucket;
    private final long openedNanos = System.nanoTime();
    /** The code of the client's close frame when the client closed first, else -1 (docs/resume.md). */
    private volatile int peerCloseCode = -1;
    private long lastDropWindow = -2;
    private int dropStreak;
    /** A refused frame was counted; later reports of the same failed connection are not. */
    private boolean violationCounted;
    private WsHandler handler;
    /** This socket's event loop's flush of the frames written during a turn, and whether it holds this socket. */
    private final TurnFlush turnFlush;
    private boolean flushQueued;
    /**
     * Where this socket's counted frames enter the pipeline: at the frame encoder, past the
     * handlers that only read, which a write from the pipeline's tail would walk for every frame
     * (and past {@link CloseReasonRewriter}, which only rewrites the frame decoder's own closes).
     */
    private final ChannelOutboundInvoker frames;
    /**
     * Where a finished text frame ({@link FramedText}) is written: the context of Netty's RFC 6455
     * frame encoder, whose writes go to the handlers before it and the socket. Null on a socket
     * with another encoder, whose text frames then take the encoder.
     */
    private final ChannelOutboundInvoker framedText;
    /**
     * On io_uring, which reports a write a loop turn after its flush, which queued frames the
     * kernel has had a whole turn to take (docs/production.md "Transport"); null elsewhere.
     */
    private final WriteReports lateReports;

    WsSession(String id, String dialect, Connection connection, WebsocketOutbound out, WsSettings settings,
              SendBudget budget, Metrics metrics, ConnLog log, TurnFlush turnFlush) {
        this.id = id;
        this.dialect = dialect;
        this.channel = connection.channel();
        this.out = out;
        this.settings = settings;
        this.budget = budget;
        this.metrics = metrics;
        this.log = log;
        this.bucket = new TokenBucket(settings.rateLimit(), settings.rateBurst(), openedNanos);
        this.clock = new SocketClock(channel.eventLoop());
        this.turnFlush = turnFlush;
        // A write from a handler's context goes to the handlers before it: the rewriter sits just after the encoder.
        ChannelHandlerContext afterEncoder = channel.pipeline().context(CloseReasonRewriter.INSTANCE);
        this.frames = afterEncoder != null ? afterEncoder : channel;
        this.framedText = channel.pipeline().context(WebSocket08FrameEncoder.class);
        this.lateReports = channel instanceof IoUringSocketChannel ? new WriteReports() : null;
    }

    private boolean closing() {
        return closing != 0;
    }

    /** Marks the session closing; true for the caller that did it first. */
    private boolean startClosing() {
        return CLOSING.compareAndSet(this, 0, 1);
    }

    public String id() {
        return id;
    }

    public String dialect() {
        return dialect;
    }

    public ConnLog log() {
        return log;
    }

    public boolean isOpen() {
        return !closing() && channel.isActive();
    }

    /**
     * Queues one text message. Never blocks; returns false when the session is closing or its
     * queue overflowed (the session is then closed with 1008 {@code send queue overflow}).
     */
    public boolean send(String text) {
        if (closing()) {
            return false;
        }
        // The JDK's encoder copies a Latin-1 text in one vectorised pass; counting and writing it a char
        // at a time cost more, even with the copy (BENCHMARKS.md "Quiet machine, second session").
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return sendUtf8(FramedText.allocate(channel.alloc(), bytes.length).writeBytes(bytes));
    }

    /** Queues {@code frame} from its bytes when it has a quicker way to them than its text; a plain socket has no cseq to record. */
    @Override
    public boolean send(TextFrame frame, CseqClaim cseq) {
        if (closing()) {
            return false;
        }
        ByteBuf utf8 = frame.utf8(channel.alloc());
        return utf8 == null ? send(frame.text()) : sendUtf8(utf8);
    }

    /** Queues one text message's UTF-8 bytes, which this session then owns, if the socket's bounds take them. */
    private boolean sendUtf8(ByteBuf utf8) {
        int cost = utf8.readableBytes() + FramedText.HEADER_ROOM;
        if (!reserve(cost)) {
            utf8.release();
            return false;
        }
        if (framedText != null && FramedText.hasRoom(utf8)) {
            write(framedText, FramedText.frame(utf8), cost);
        } else {
            write(frames, new TextWebSocketFrame(utf8), cost);
        }
        return true;
    }

    /**
     * Counts one more outbound frame of {@code cost} bytes against this socket's queue and the
     * node's budget. Over the socket's bounds it closes 1008 {@code send queue overflow}; a frame
     * always fits an empty queue, so a cap below the largest message cannot starve a reader.
     */
    private boolean reserve(int cost) {
        QUEUED.incrementAndGet(this);
        QUEUED_BYTES.addAndGet(this, cost);
        boolean over = overQueue(cost);
        if (over && channel.eventLoop().inEventLoop()) {
            // Frames that only wait for this turn's flush are no slow reader's: send them now and count again.
            if (flushQueued) {
                flushNow();
            }
            over = lateReports == null ? overQueue(cost)
                    : over(lateReports.staleFrames(turnFlush.turn()), lateReports.staleBytes(turnFlush.turn()), cost);
        }
        if (over) {
            QUEUED.decrementAndGet(this);
            QUEUED_BYTES.addAndGet(this, -cost);
            metrics.error(dialect, "send_queue_overflow");
            close(1008, "send queue overflow");
            return false;
        }
        if (budget.take(cost)) {
            budget.evictHeaviest();
        }
        return true;
    }

    /** Whether the frames queued here, {@code cost} bytes of them new, are more than the socket's bounds allow. */
    private boolean overQueue(int cost) {
        return over(queued, queuedBytes, cost);
    }

    /** Whether {@code frames} queued, {@code bytes} in all, pass the socket's bounds; the newest frame of {@code cost} always fits alone. */
    private boolean over(long frames, long bytes, long cost) {
        return settings.sendQueue() > 0 && frames > settings.sendQueue()
                || settings.sendQueueBytes() > 0 && bytes > settings.sendQueueBytes() && bytes > cost;
    }

    /**
     * Writes a counted frame from {@code via}; its bytes leave the queue and the budget once written
     * or failed. On the socket's own event loop it is flushed when the loop's turn is done, with any
     * other frame the turn wrote here (docs/production.md "Flushes").
     */
    private void write(ChannelOutboundInvoker via, Object frame, int cost) {
        if (!channel.eventLoop().inEventLoop()) {
            via.writeAndFlush(frame).addListener(new Written(cost));
            return;
        }
        via.write(frame).addListener(new Written(cost));
        if (!flushQueued) {
            flushQueued = true;
            turnFlush.add(this);
        }
    }

    /**
     * Whether {@code text} would fit this socket's bounds now, beside the frames already queued (it
     * always fits an empty queue, as in {@link #reserve}); a writer that paces itself, a session's
     * outbox, asks before each frame.
     */
    boolean hasRoomFor(String text) {
        if (queued == 0) {
            return true;
        }
        long cost = Utf8.encodedLength(text) + FramedText.HEADER_ROOM;
        return !over(queued + 1, queuedBytes + cost, cost);
    }

    /**
     * Runs {@code task} on this socket's event loop once every frame queued here so far has been
     * written to the kernel, or dropped because the socket closed. A transport may report a write
     * a turn after it flushed it (io_uring does; docs/production.md "Transport"), so a writer that
     * waits for this, not for a turn, never fills the queue of a socket that reads.
     */
    void afterWritten(Runnable task) {
        execute(() -> {
            if (queued == 0) {
                task.run();
            } else {
                // Writes complete in order: an empty buffer written behind the frames completes after them.
                frames.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> task.run());
            }
        });
    }

    /** The turn that wrote frames here is done ({@link TurnFlush}): they go to the kernel. */
    void flushWritten() {
        flushQueued = false;
        flushNow();
    }

    /** Hands this socket's written frames to the transport; on io_uring, notes in which turn. Event loop only. */
    private void flushNow() {
        frames.flush();
        if (lateReports != null) {
            lateReports.flushed(turnFlush.turn(), queued, queuedBytes);
        }
    }

    /** Outbound bytes queued on this socket and not yet written to the kernel. */
    long queuedBytes() {
        return queuedBytes;
    }

    /** The node is over its send budget and this socket holds the most: close it now, not after the grace. */
    void evict() {
        if (!closing()) {
            metrics.error(dialect, "send_budget_exceeded");
            log.info("closing a connection that holds {} unsent bytes while the node is over its send budget",
                    queuedBytes);
        }
        close(1008, "send queue overflow");
        // Its close frame sits behind the bytes it never read; only closing the channel frees them.
        channel.close();
    }

    /** A queued write finished (flushed or failed): it no longer counts against the queue or the budget. */
    private final class Written implements ChannelFutureListener {
        private final int cost;

        Written(int cost) {
            this.cost = cost;
        }

        @Override
        public void operationComplete(ChannelFuture future) {
            if (lateReports != null) {
                lateReports.reported(cost); // before the queue shrinks: the two always add up to what was queued
            }
            QUEUED.decrementAndGet(WsSession.this);
            QUEUED_BYTES.addAndGet(WsSession.this, -cost);
            budget.release(cost);
        }
    }

    /** Sends a close frame with {@code code} and {@code reason} once; later calls do nothing. */
    public void close(int code, String reason) {
        if (!startClosing()) {
            return;
        }
        log.debug("closing {} {}", code, reason);
        out.sendClose(code, reason).subscribe(null, e -> channel.close());
        // A peer that stopped reading never lets the close frame out; do not wait for it forever.
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} every {@code period} on this connection's event loop until it closes. */
    public void every(Duration period, Runnable task) {
        if (period.isZero() || period.isNegative()) {
            return;
        }
        clock.every(period.toNanos(), task);
    }

    /** Runs {@code task} once after {@code delay} on this connection's event loop, unless closed first. */
    public void after(Duration delay, Runnable task) {
        clock.after(delay.toNanos(), task);
    }

    /** Starts the read timeout: a connection silent for {@code --ws-read-timeout} is closed 1001. */
    public void armReadTimeout() {
        long nanos = settings.readTimeout().toNanos();
        if (nanos > 0) {
            clock.readTimeout(nanos, () -> close(1001, "read timeout"));
        }
    }

    /** Bytes arrived from the client: the read timeout starts again (event loop only). */
    void readHappened() {
        clock.readHappened();
    }

    /** The socket sent past its read allowance and is not read for a while (SECURITY.md "Read budget"). */
    void readPaused() {
        metrics.readPaused(dialect);
    }

    /** Runs {@code task} on this connection's event loop (at once when already there). */
    public void execute(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    void bind(WsHandler handler) {
        this.handler = handler;
    }

    void start() {
        if (handler.readTimeoutFromOpen()) {
            armReadTimeout();
        }
        every(settings.pingInterval(), () -> channel.writeAndFlush(new PingWebSocketFrame()));
        guarded("onOpen", handler::onOpen);
    }

    /** One inbound frame, on the event loop; the frame is released by the caller afterwards. */
    void receive(WebSocketFrame frame) {
        if (frame instanceof PingWebSocketFrame || frame instanceof PongWebSocketFrame) {
            // Control frames count against the message rate too: Reactor Netty's own ping
            // answer is unbounded, so a client pinging without reading would grow the outbound
            // buffer without limit; here each pong takes a send-queue slot (SECURITY.md "Limits and their defaults", docs/security.md "On a WebSocket").
            if (!closing() && admit()) {
                if (frame instanceof PingWebSocketFrame) {
                    pong(frame.content());
                } else {
                    guarded("onPong", handler::onPong);
                }
            }
            return;
        }
        boolean text = frame instanceof TextWebSocketFrame;
        if (!text && !(frame instanceof BinaryWebSocketFrame)) {
            return;
        }
        ByteBuf content = frame.content();
        // A handler that reads the bytes itself takes only ASCII, which is valid UTF-8 as it stands.
        Runnable fromBytes = text ? handler.textBytes(content) : null;
        String message = text && fromBytes == null ? content.toString(StandardCharsets.UTF_8) : null;
        // The decoder turns every malformed sequence into U+FFFD, so only a text holding one needs the
        // byte-exact check; indexOf answers at once for a text of Latin-1 chars, an SDP's kind.
        if (message != null && message.indexOf('\uFFFD') >= 0 && !ByteBufUtil.isText(content, StandardCharsets.UTF_8)) {
            metrics.error(dialect, "invalid_utf8");
            close(1007, CloseReasonRewriter.INVALID_UTF8);
            return;
        }
        if (closing() || !admit()) {
            return;
        }
        if (budget.exhausted() && content.readableBytes() >= SendBudget.LARGE_MESSAGE) {
            refuseWhileBusy();
            return;
        }
        if (fromBytes != null) {
            guarded("onText", fromBytes);
        } else if (text) {
            guarded("onText", () -> handler.onText(message));
        } else {
            guarded("onBinary", handler::onBinary);
        }
    }

    private void pong(ByteBuf data) {
        int cost = data.readableBytes() + FramedText.HEADER_ROOM;
        if (reserve(cost)) {
            write(frames, new PongWebSocketFrame(data.retainedDuplicate()), cost);
        }
    }

    /** Runs a dialect callback; a dialect bug must not take the event loop's other connections down with it. */
    private void guarded(String callback, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            metrics.error(dialect, "internal");
            log.warn("handler failed in {}: {}", callback, e.toString(), e);
            close(1011, "internal error");
        }
    }

    /** The per-connection token bucket and the graded response of SECURITY.md "Limits and their defaults" */
    private boolean admit() {
        long now = System.nanoTime();
        if (bucket.tryTake(now)) {
            return true;
        }
        metrics.rateLimited(dialect);
        long window = (now - openedNanos) / SECOND;
        if (window != lastDropWindow) {
            dropStreak = window == lastDropWindow + 1 ? dropStreak + 1 : 1;
            lastDropWindow = window;
            if (dropStreak >= DROP_WINDOWS_BEFORE_CLOSE) {
                log.info("closing a connection that kept exceeding its rate limit");
                close(1008, "rate limit exceeded");
                return false;
            }
            sendIfAny(handler.rateLimitedFrame());
        }
        return false;
    }

    /** The node holds its whole send budget: a large message would only add to it, so its sender is told. */
    private void refuseWhileBusy() {
        metrics.error(dialect, "server_busy");
        sendIfAny(handler.busyFrame());
    }

    /** Sends a dialect's error frame, when the dialect has one for the case. */
    private void sendIfAny(String frame) {
        if (frame != null) {
            send(frame);
        }
    }

    /** A fragmented message grew past the cap (SECURITY.md "Limits and their defaults"). */
    void messageTooBig() {
        if (!closing()) {
            metrics.error(dialect, "message_too_big");
        }
        close(1009, CloseReasonRewriter.MESSAGE_TOO_BIG);
    }

    /**
     * The frame decoder (or {@link ReservedBitsGuard}) refused a frame and has already sent its
     * close frame, and may have closed the channel already, so {@code closing} cannot tell whether
     * this was counted: a flag of its own does. Event loop only.
     */
    void protocolViolation(int closeCode) {
        closing = 1;
        if (!violationCounted) {
            violationCounted = true;
            metrics.error(dialect, closeCode == 1009 ? "message_too_big" : "protocol_violation");
        }
    }

    /** The inbound stream failed for another reason (a broken connection): drop it. */
    void inboundFailed(Throwable error) {
        log.debug("inbound error: {}", error.toString());
        channel.close();
    }

    /** The event loop this connection's I/O and callbacks run on. */
    EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /**
     * Drain, on {@link #eventLoop()} (README.md "Operating it"): the dialect's leave handling, then
     * its drain close (1001, or 1012 for a resumable session's socket, docs/resume.md).
     */
    void drainInLoop() {
        WsClose drain = handler == null ? WsClose.SHUTTING_DOWN : handler.drainClose();
        handleCloseOnce();
        close(drain.code(), drain.reason());
    }

    /**
     * The client's close frame arrived; remembered only when the server had not started closing,
     * and only the first, as Reactor Netty answers only the first.
     */
    void closeFrameReceived(int code) {
        if (!closing() && peerCloseCode == -1) {
            peerCloseCode = code;
        }
    }

    /** The code the client closed with, or -1 when it did not close first (dropped, or closed by us). */
    int peerCloseCode() {
        return peerCloseCode;
    }

    /** The channel is gone; runs the dialect's close handling if nothing has yet. */
    void channelClosed() {
        closing = 1;
        clock.stop();
        handleCloseOnce();
    }

    private void handleCloseOnce() {
        if (CLOSE_HANDLED.compareAndSet(this, 0, 1) && handler != null) {
            guarded("onClose", handler::onClose);
        }
    }
}
