package dev.signals.loadtest.bare;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Locale;

/**
 * The event-loop transport the bare relay runs on (docs/benchmarks.md § Other commands), so that a
 * server can be compared with it on the same transport. {@code auto} takes what Reactor Netty
 * itself takes when given no choice: io_uring where it runs, then epoll, then Java's NIO.
 */
public enum BareTransport {
    IO_URING("io_uring"),
    EPOLL("epoll"),
    NIO("nio");

    private final String flag;

    BareTransport(String flag) {
        this.flag = flag;
    }

    public String flag() {
        return flag;
    }

    /** The transport {@code text} names; {@code auto} is the first that runs here. */
    public static BareTransport parse(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        if (name.equals("auto")) {
            return IO_URING.runsHere() ? IO_URING : EPOLL.runsHere() ? EPOLL : NIO;
        }
        for (BareTransport t : values()) {
            if (t.flag.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("expected auto, io_uring, epoll or nio, not " + text);
    }

    public boolean runsHere() {
        switch (this) {
            case IO_URING:
                return IoUring.isAvailable();
            case EPOLL:
                return Epoll.isAvailable();
            default:
                return true;
        }
    }

    /** The transport serving {@code listener}, a server socket's channel. */
    static BareTransport serving(Channel listener) {
        if (listener instanceof IoUringServerSocketChannel) {
            return IO_URING;
        }
        return listener instanceof EpollServerSocketChannel ? EPOLL : NIO;
    }

    /** {@code threads} (at least one) daemon event loops named {@code name}-N on this transport. */
    EventLoopGroup newLoops(String name, int threads) {
        return new MultiThreadIoEventLoopGroup(Math.max(1, threads), new DefaultThreadFactory(name, true), handlerFactory());
    }

    private IoHandlerFactory handlerFactory() {
        switch (this) {
            case IO_URING:
                return IoUringIoHandler.newFactory();
            case EPOLL:
                return EpollIoHandler.newFactory();
            default:
                return NioIoHandler.newFactory();
        }
    }
}
