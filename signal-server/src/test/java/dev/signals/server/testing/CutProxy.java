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
 * {@link #delaying}, it also holds every byte coming back from the target for a fixed time, in
 * order (a slow link, e.g. between a node and its Redis).
 */
public final class CutProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final long replyDelayNanos;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private CutProxy(int targetPort, Duration replyDelay) throws IOException {
        this.targetPort = targetPort;
        this.replyDelayNanos = replyDelay.toNanos();
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "cut-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to {@code 127.0.0.1:targetPort}. */
    public static CutProxy to(int targetPort) throws IOException {
        return new CutProxy(targetPort, Duration.ZERO);
    }

    /** A proxy to {@code 127.0.0.1:targetPort} that delivers what the target sends {@code replyDelay} late. */
    public static CutProxy delaying(int targetPort, Duration replyDelay) throws IOException {
        return new CutProxy(targetPort, replyDelay);
    }

    public int port() {
        return server.getLocalPort();
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
                pump(client, upstream, 0);
                pump(upstream, client, replyDelayNanos);
            } catch (IOException e) {
                // closed, or the node refused: the client sees its connection drop
            }
        }
    }

    private void pump(Socket from, Socket to, long delayNanos) {
        // With a delay, the reader stamps each chunk and a writer sends it when due, so the
        // delay is a latency, not a throughput limit.
        BlockingQueue<Chunk> due = new LinkedBlockingQueue<>(4096);
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (delayNanos == 0) {
                        out.write(buf, 0, n);
                        out.flush();
                    } else {
                        due.put(new Chunk(Arrays.copyOf(buf, n), System.nanoTime() + delayNanos));
                    }
                }
            } catch (IOException | InterruptedException e) {
                // cut, or one side went away
            } finally {
                if (delayNanos == 0) {
                    try {
                        from.close();
                    } catch (IOException e) {
                        // already closed
                    }
                    reset(to);
                } else {
                    due.offer(new Chunk(null, System.nanoTime() + delayNanos));
                }
            }
        }, "cut-proxy-pump");
        reader.setDaemon(true);
        reader.start();
        if (delayNanos > 0) {
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
