package dev.signals.server.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;

/**
 * A real {@code redis-server} for tests (never a mock): started on a free loopback port in a
 * temporary directory with persistence off ({@code --save ''}), so a restart comes back empty,
 * as a Redis without persistence does. It can be stopped, killed and restarted on the same port.
 * {@link #command} talks RESP to it directly, so tests can look at keys and TTLs.
 * {@code scripts/test.sh} installs redis-server when it is missing.
 */
public final class RedisProcess implements RedisTopology {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final Path dir;
    private final List<String> command;
    private final String password;
    /** TLS to a server listening on its TLS port only; {@code null} for plain TCP. */
    private final SSLSocketFactory tls;
    private Process process;

    private RedisProcess(int port, Path dir, List<String> command, String password, SSLSocketFactory tls) {
        this.port = port;
        this.dir = dir;
        this.command = command;
        this.password = password;
        this.tls = tls;
    }

    /** Starts a Redis with the defaults plus {@code extraArgs} (e.g. {@code --requirepass s}). */
    public static RedisProcess start(String... extraArgs) {
        return launch(null, extraArgs);
    }

    /**
     * Starts a Redis that listens on a TLS port only ({@code port 0}), serving {@code tls}'s
     * certificate; {@link #port()} is that port and {@link #command} speaks TLS to it.
     */
    public static RedisProcess startTls(TlsFiles tls, String... extraArgs) {
        return launch(tls, extraArgs);
    }

    private static RedisProcess launch(TlsFiles tls, String... extraArgs) {
        List<String> extra = List.of(extraArgs);
        int i = extra.indexOf("--requirepass");
        String password = i >= 0 && i + 1 < extra.size() ? extra.get(i + 1) : null;
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("redis-test");
            List<String> cmd = new ArrayList<>(List.of("redis-server"));
            if (tls == null) {
                cmd.addAll(List.of("--port", Integer.toString(port)));
            } else {
                cmd.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port)));
                cmd.addAll(tls.redisServerArgs());
            }
            cmd.addAll(List.of("--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                    "--protected-mode", "no", "--loglevel", "warning"));
            cmd.addAll(extra);
            return started(new RedisProcess(port, dir, cmd, password, tls == null ? null : tls.trustingSockets()));
        } catch (IOException e) {
            throw cannotStart(e);
        }
    }

    /**
     * Starts a Redis Cluster of this one server holding every slot: Redis then checks, as on any
     * Cluster, that each script touches keys of one slot only (docs/cluster.md "Redis Cluster"),
     * while a plain client needs no redirections.
     */
    public static RedisProcess oneNodeCluster() {
        RedisProcess redis = start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf");
        try {
            redis.command("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
            Await.until("the one-node cluster serves every slot", START_TIMEOUT,
                    () -> String.valueOf(redis.command("CLUSTER", "INFO")).contains("cluster_state:ok"));
            return redis;
        } catch (Exception e) {
            redis.close();
            throw new IllegalStateException("one-node Redis Cluster did not come up: " + e, e);
        }
    }

    /**
     * Starts a Sentinel watching the primary {@code masterName} at {@code masterPort} on loopback,
     * with a quorum of 2 and a primary counted down after one second unanswered (the tests'
     * failovers then take a few seconds, where production defaults take half a minute), plus
     * {@code extraConfig} lines.
     */
    public static RedisProcess sentinel(String masterName, int masterPort, String... extraConfig) {
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("redis-sentinel-test");
            Path conf = dir.resolve("sentinel.conf");
            Files.writeString(conf, String.join("\n", "port " + port, "bind 127.0.0.1", "protected-mode no",
                    "dir " + dir, "loglevel warning",
                    "sentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " 2",
                    "sentinel down-after-milliseconds " + masterName + " 1000",
                    "sentinel failover-timeout " + masterName + " 4000",
                    "sentinel parallel-syncs " + masterName + " 1", String.join("\n", extraConfig), ""));
            return started(new RedisProcess(port, dir, List.of("redis-server", conf.toString(), "--sentinel"), null, null));
        } catch (IOException e) {
            throw cannotStart(e);
        }
    }

    private static RedisProcess started(RedisProcess redis) throws IOException {
        redis.restart();
        return redis;
    }

    private static IllegalStateException cannotStart(IOException e) {
        return new IllegalStateException("cannot start redis-server (install it: apt-get install redis-server; "
                + "scripts/test.sh does): " + e.getMessage(), e);
    }

    /** A key prefix no other test uses, so tests can share one Redis. */
    public static String uniquePrefix() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}, the form {@code --redis-addr} takes. */
    @Override
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** (Re)starts the server on the same port and waits until it answers PING. */
    public synchronized void restart() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
            }
            try {
                if ("PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            sleep(20);
        }
        throw new IOException("redis-server did not answer PING within " + START_TIMEOUT);
    }

    /** Stops the server gracefully (SIGTERM) and waits for it to exit. */
    public synchronized void stop() {
        end(false);
    }

    /** Kills the server (SIGKILL) and waits for it to exit. */
    public synchronized void kill() {
        end(true);
    }

    /** Freezes the server (SIGSTOP): it keeps its sockets but answers nothing until {@link #unpause()}. */
    public synchronized void pause() throws IOException {
        signal("-STOP");
    }

    /** Lets a {@link #pause() paused} server run again (SIGCONT). */
    public synchronized void unpause() throws IOException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IOException("kill " + signal + " " + process.pid() + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private void end(boolean force) {
        if (process == null) {
            return;
        }
        if (force) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends one command and answers its reply: a {@code String} (simple or bulk), a {@code Long},
     * a {@code List<Object>} or {@code null}; an error reply is thrown as {@link IOException}.
     */
    @Override
    public Object command(String... args) throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            plain.setSoTimeout(5000);
            Socket socket = tls == null ? plain : tls.createSocket(plain, "127.0.0.1", port, true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            if (password != null) {
                write(out, "AUTH", password);
                read(in);
            }
            write(out, args);
            return read(in);
        }
    }


    private static void write(OutputStream out, String... args) throws IOException {
        StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IOException(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(n + 2);
                return new String(data, 0, n, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read(in));
                }
                return items;
            }
            default:
                throw new IOException("unexpected reply type " + type);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            sb.append((char) c);
        }
        in.read();
        return sb.toString();
    }

    /** A port free at this moment on loopback, from this JVM's own block ({@link LoopbackPorts}). */
    public static int freePort() throws IOException {
        return LoopbackPorts.tcp();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
