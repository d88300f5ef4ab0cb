package dev.signals.server.http;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Admission of TCP connections on the main listeners, before any HTTP (SECURITY.md): at most
 * {@code --max-connections-per-ip} per peer address and {@code --max-tcp-connections} on the node,
 * so silent sockets from one address cannot take the node's files. A connection from a trusted
 * proxy counts on the node only, since it carries many clients; the request-level per-client
 * limits still see them. The admin listener is not gated here, and the node-wide cap leaves files
 * for it. Also shortens the wait for a request as the node fills up.
 */
public final class TcpGate {
    /** Below this share of the node-wide cap, the request deadline is not shortened. */
    private static final double RELAXED_LOAD = 0.5;
    /** The shortest request deadline, as a fraction of the configured one. */
    private static final int SHORTEST_DIVISOR = 10;

    /** Why a connection was not admitted. */
    public enum Verdict { ADMITTED, AT_CAPACITY, TOO_MANY_FROM_IP }

    private final int maxOpen;
    private final int maxPerIp;
    private final ClientAddress clients;
    private final CappedCount open;
    /** Open connections per peer address. */
    private final CappedCounts<InetAddress> openPerIp;

    /** @param maxOpen connections on the node, 0 for no cap; @param maxPerIp per peer address, 0 for no cap */
    public TcpGate(int maxOpen, int maxPerIp, ClientAddress clients) {
        this.maxOpen = maxOpen;
        this.maxPerIp = maxPerIp;
        this.clients = clients;
        this.open = new CappedCount(maxOpen);
        this.openPerIp = new CappedCounts<>(maxPerIp);
    }

    /**
     * Counts a freshly accepted {@code channel}; when admitted, its close gives the places back.
     * A refused channel is the caller's to close.
     */
    public Verdict admit(Channel channel) {
        SocketAddress remote = channel.remoteAddress();
        InetAddress peer = remote instanceof InetSocketAddress ? ((InetSocketAddress) remote).getAddress() : null;
        if (!open.tryTake()) {
            return Verdict.AT_CAPACITY;
        }
        boolean perIp = maxPerIp > 0 && peer != null && !clients.isTrustedProxy(peer);
        if (perIp && !openPerIp.tryTake(peer)) {
            open.release();
            return Verdict.TOO_MANY_FROM_IP;
        }
        channel.closeFuture().addListener(closed -> {
            open.release();
            if (perIp) {
                openPerIp.release(peer);
            }
        });
        return Verdict.ADMITTED;
    }

    /**
     * The request deadline to apply now: {@code baseMillis} while the node is at most half full,
     * then shrinking in step with the places left, down to a tenth of it at the cap.
     */
    public long requestDeadlineMillis(long baseMillis) {
        if (maxOpen <= 0) {
            return baseMillis;
        }
        double load = open.get() / (double) maxOpen;
        if (load <= RELAXED_LOAD) {
            return baseMillis;
        }
        long shrunk = (long) (baseMillis * (1 - load) / (1 - RELAXED_LOAD));
        return Math.max(baseMillis / SHORTEST_DIVISOR, shrunk);
    }

    public int open() {
        return open.get();
    }
}
