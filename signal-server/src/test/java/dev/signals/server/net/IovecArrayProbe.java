package dev.signals.server.net;

import java.lang.reflect.Field;

/**
 * Run in a JVM of its own by {@link TransportTest}: loads {@link Transport} the way a node's start
 * does, before Netty's io_uring support, then prints the iovec array size Netty settled on.
 */
public final class IovecArrayProbe {
    private IovecArrayProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (Transport.IO_URING.unavailability() != null) {
            System.out.println("unavailable");
            return;
        }
        Field size = Class.forName("io.netty.channel.uring.IoUring").getDeclaredField("NUM_ELEMENTS_IOVEC");
        size.setAccessible(true);
        System.out.println(size.getInt(null));
    }
}
