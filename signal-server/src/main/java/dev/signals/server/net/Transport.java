package dev.signals.server.net;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import java.util.List;
import java.util.Locale;

/**
 * The event-loop transports a node can serve on (docs/production.md "Transport"): Linux's
 * io_uring and epoll through Netty's native libraries, or Java's NIO anywhere.
 */
public enum Transport {
    IO_URING("io_uring"),
    EPOLL("epoll"),
    NIO("nio");

    /**
     * What {@code auto} tries, fastest first as measured (BENCHMARKS.md "Transports"); also the
     * fallback of a transport that cannot run here. NIO runs everywhere.
     */
    public static final List<Transport> AUTO_ORDER = List.of(EPOLL, IO_URING, NIO);

    /**
     * Netty's system property sizing each io_uring loop's iovec array, and Linux's IOV_MAX. The
     * array is shared by every write of a loop until its next submission; Netty stops filling it at
     * IOV_MAX entries but clears it only at its full size, ten times that. A loop flushing more than
     * about 500 sockets in one turn (docs/production.md "Flushes") then sent empty writes, again and
     * again. Sized at IOV_MAX, the array is cleared exactly when it stops taking entries
     * (docs/production.md "Transport").
     */
    static final String IOVEC_ARRAY_PROPERTY = "io.netty.iouring.numElementsIoVec";
    static final int IOV_MAX = 1024;

    static {
        // Read once, when Netty's io_uring support first loads; an operator's own value is kept.
        if (System.getProperty(IOVEC_ARRAY_PROPERTY) == null) {
            System.setProperty(IOVEC_ARRAY_PROPERTY, Integer.toString(IOV_MAX));
        }
    }

    private final String flag;

    Transport(String flag) {
        this.flag = flag;
    }

    /** The name the {@code --transport} flag uses. */
    public String flag() {
        return flag;
    }

    /** The transport a flag names; {@code null} for {@code auto}. */
    public static Transport parse(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        if (name.equals("auto")) {
            return null;
        }
        for (Transport t : values()) {
            if (t.flag.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("expected auto, io_uring, epoll or nio, not " + text);
    }

    /** Why this transport cannot run here, or {@code null} when it can. */
    public Throwable unavailability() {
        switch (this) {
            case IO_URING:
                return IoUring.isAvailable() ? null : IoUring.unavailabilityCause();
            case EPOLL:
                return Epoll.isAvailable() ? null : Epoll.unavailabilityCause();
            default:
                return null;
        }
    }

    /**
     * Completions one io_uring loop can hold before the kernel keeps the rest aside and Netty logs a
     * warning: eight times Netty's default (docs/production.md "Transport"). 32,768 entries of 16
     * bytes: 512 KiB per loop.
     */
    private static final int COMPLETION_QUEUE = 32_768;

    IoHandlerFactory handlerFactory() {
        switch (this) {
            case IO_URING:
                return IoUringIoHandler.newFactory(new IoUringIoHandlerConfig().setCqSize(COMPLETION_QUEUE));
            case EPOLL:
                return EpollIoHandler.newFactory();
            default:
                return NioIoHandler.newFactory();
        }
    }
}
