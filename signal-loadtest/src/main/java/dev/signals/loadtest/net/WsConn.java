package dev.signals.loadtest.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One client WebSocket. {@link #send} may be called from any thread (Netty queues the write on
 * the connection's event loop, keeping one writer); {@link #close} sends a 1000 close and
 * completes when the TCP connection is gone. Carries one scenario-defined attachment.
 */
public final class WsConn {
    private final int id;
    private final WsListener listener;
    private final Sinks.Empty<Void> closed = Sinks.empty();
    private volatile Channel channel;
    private volatile int closeCode = -1;
    private volatile boolean closeSent;
    private volatile String closeReason = "";
    private volatile Object attachment;

    WsConn(int id, WsListener listener) {
        this.id = id;
        this.listener = listener;
    }

    void attach(Channel ch) {
        this.channel = ch;
        ch.closeFuture().addListener(f -> {
            listener.onClosed(this, closeCode, closeReason);
            closed.tryEmitEmpty();
        });
    }

    void closeStatus(int code, String reason) {
        this.closeCode = code;
        this.closeReason = reason == null ? "" : reason;
    }

    /** Whether this side sent its close: the server's close is then the answer, not to be answered. */
    boolean closeSent() {
        return closeSent;
    }

    /** The connection's channel, or null before the upgrade. */
    Channel channel() {
        return channel;
    }

    WsListener listener() {
        return listener;
    }

    /** The number the scenario gave this connection. */
    public int id() {
        return id;
    }

    public boolean isOpen() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    /** Queues a text message; false when the connection is not open. Never blocks. */
    public boolean send(String text) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return false;
        }
        ch.writeAndFlush(new TextWebSocketFrame(text), ch.voidPromise());
        return true;
    }

    /** Queues a text message already encoded as UTF-8; takes ownership of {@code utf8}. */
    public boolean send(ByteBuf utf8) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            utf8.release();
            return false;
        }
        ch.writeAndFlush(new TextWebSocketFrame(utf8), ch.voidPromise());
        return true;
    }

    /**
     * Writes and flushes a whole frame built by {@link ClientTextFrame}, taking ownership of it;
     * false, with the frame released, when the connection is not open. Called on the connection's
     * event loop (from {@link WsListener#onText} or {@link #execute}) it costs no thread hop.
     */
    public boolean sendFrame(ByteBuf frame) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            frame.release();
            return false;
        }
        ch.writeAndFlush(frame, ch.voidPromise());
        return true;
    }

    /** Runs {@code task} on this connection's event loop, where its listener runs; false when not connected. */
    public boolean execute(Runnable task) {
        Channel ch = channel;
        if (ch == null) {
            return false;
        }
        ch.eventLoop().execute(task);
        return true;
    }

    /** The allocator of this connection's channel, for building messages without copies. */
    public io.netty.buffer.ByteBufAllocator alloc() {
        Channel ch = channel;
        return ch == null ? io.netty.buffer.ByteBufAllocator.DEFAULT : ch.alloc();
    }

    /**
     * Sends close 1000 and completes once the connection is gone; if the server does not finish
     * the close within {@code timeout}, the connection is dropped and the Mono fails.
     */
    public Mono<Void> close(Duration timeout) {
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            closeSent = true;
            ch.writeAndFlush(new CloseWebSocketFrame(1000, "bye"));
        }
        return closed.asMono().timeout(timeout).doOnError(e -> abort());
    }

    /** Stops reading from the socket for good, as a stalled client does; it can still send. */
    public void pauseReading() {
        Channel ch = channel;
        if (ch != null) {
            ch.eventLoop().execute(() -> ch.config().setAutoRead(false));
        }
    }

    /** Drops the TCP connection without a close handshake. */
    public void abort() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    /** Completes when the connection is gone, however it ended. */
    public Mono<Void> closed() {
        return closed.asMono();
    }

    public int closeCode() {
        return closeCode;
    }

    public String closeReason() {
        return closeReason;
    }

    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) attachment;
    }

    public void attachment(Object value) {
        this.attachment = value;
    }
}
