package dev.signals.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on a loopback port in front of a node, for tests of lost connections: it forwards
 * bytes both ways until {@link #cutAll()} resets every connection through it at once (no close
 * frame, as when a network path dies), while new connections are still accepted. Built with
 * {@link #delaying}, it also holds every byte coming back from the target for a set time, in
 * order (a slow link, e.g. between a node and its Redis), which {@link #delayReplies} changes.
 */
public final class CutProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    /** Negative: replies go straight through, and always will ({@link #to}). */
    private volatile long replyDelayNanos;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    /** Set by {@link #holdAfter}: the RESP argument after which traffic towards the target stops. */
    private volatile byte[] holdMarker;
    private volatile boolean holding;

    private CutProxy(int targetPort, long replyDelayNanos) throws IOException {
        this.targetPort = targetPort;
        this.replyDelayNanos = replyDelayNanos;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "cut-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to {@code 127.0.0.1:targetPort}. */
    public static CutProxy to(int targetPort) throws IOException {
        return new CutProxy(targetPort, -1);
    }

    /** A proxy to {@code 127.0.0.1:targetPort} that delivers what the target sends {@code replyDelay} late. */
    public static CutProxy delaying(int targetPort, Duration replyDelay) throws IOException {
        return new CutProxy(targetPort, replyDelay.toNanos());
    }

    /**
     * From now on, what the target sends is delivered {@code replyDelay} late (a proxy built with
     * {@link #delaying}); bytes already on their way keep their time, so order holds as the delay grows.
     */
    public void delayReplies(Duration replyDelay) {
        if (replyDelayNanos < 0) {
            throw new IllegalStateException("a proxy built with to() forwards replies straight through");
        }
        replyDelayNanos = replyDelay.toNanos();
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * From the next Redis command (RESP) towards the target that has {@code argument} followed by
     * two more arguments, forwards that command whole and holds everything sent towards the target
     * after it, on every connection, until the proxy is closed: as if the client's host died right
     * after that command left it. Assumes the marker and its two arguments arrive in one read.
     */
    public void holdAfter(String argument) {
        byte[] a = argument.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        holdMarker = ("\r\n$" + a.length + "\r\n" + argument + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** True once {@link #holdAfter}'s command went through and traffic towards the target is held. */
    public boolean holding() {
        return holding;
    }

    /** Resets both sides of every connection through the proxy. */
    public void cutAll() {
        for (Socket s : sockets) {
            reset(s);
        }
        sockets.clear();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress("127.0.0.1", targetPort), 5000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                // closed, or the node refused: the client sees its connection drop
            }
        }
    }

    /**
     * Copies {@code from} to {@code to}: towards the target subject to {@link #holdAfter}; back
     * from it as is ({@link #to}) or {@link #replyDelayNanos} late, in which case the reader
     * stamps each chunk and a writer sends it when due, so the delay is a latency, not a
     * throughput limit.
     */
    private void pump(Socket from, Socket to, boolean towardsTarget) {
        boolean delayed = !towardsTarget && replyDelayNanos >= 0;
        BlockingQueue<Chunk> due = new LinkedBlockingQueue<>(4096);
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (towardsTarget) {
                        if (!holding) {
                            int upTo = heldFrom(buf, n);
                            out.write(buf, 0, upTo);
                            out.flush();
                        }
                    } else if (!delayed) {
                        out.write(buf, 0, n);
                        out.flush();
                    } else {
                        due.put(new Chunk(Arrays.copyOf(buf, n), System.nanoTime() + replyDelayNanos));
                    }
                }
            } catch (IOException | InterruptedException e) {
                // cut, or one side went away
            } finally {
                if (!delayed) {
                    try {
                        from.close();
                    } catch (IOException e) {
                        // already closed
                    }
                    reset(to);
                } else {
                    due.offer(new Chunk(null, System.nanoTime() + replyDelayNanos));
                }
            }
        }, "cut-proxy-pump");
        reader.setDaemon(true);
        reader.start();
        if (delayed) {
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = to.getOutputStream();
                    for (Chunk c = due.take(); c.bytes() != null; c = due.take()) {
                        long wait = c.dueNanos() - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        out.write(c.bytes());
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // cut, or one side went away
                } finally {
                    reset(to);
                }
            }, "cut-proxy-delay");
            writer.setDaemon(true);
            writer.start();
        }
    }

    private record Chunk(byte[] bytes, long dueNanos) {
    }

    /**
     * How many of the first {@code n} bytes to forward: all, unless they hold the marked command;
     * then up to the end of its next two bulk arguments, and holding starts.
     */
    private int heldFrom(byte[] buf, int n) {
        byte[] marker = holdMarker;
        if (marker == null) {
            return n;
        }
        int at = indexOf(buf, n, marker);
        if (at < 0) {
            return n;
        }
        int end = at + marker.length;
        for (int arg = 0; arg < 2; arg++) {
            // "$<len>\r\n<bytes>\r\n"
            int digits = end + 1;
            int len = 0;
            while (digits < n && buf[digits] != '\r') {
                len = len * 10 + (buf[digits] - '0');
                digits++;
            }
            end = digits + 2 + len + 2;
        }
        holding = true;
        return Math.min(end, n);
    }

    private static int indexOf(byte[] buf, int n, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= n; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (buf[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        cutAll();
        try {
            server.close();
        } catch (IOException e) {
            // closing a test socket
        }
    }
}
