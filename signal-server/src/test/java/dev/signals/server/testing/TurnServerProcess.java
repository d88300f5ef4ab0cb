package dev.signals.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real coturn {@code turnserver} for tests (never a mock), on a free loopback port, checking
 * TURN REST credentials against the given shared secrets ({@code use-auth-secret}), relaying
 * between loopback peers, with no TLS, no CLI, and its log, pid file and user database in a
 * temporary directory. {@code scripts/test.sh} installs Debian's {@code coturn} when it is missing.
 */
public final class TurnServerProcess implements AutoCloseable {
    public static final String REALM = "signal.test";
    private static final Path BINARY = Path.of("/usr/bin/turnserver");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final Path dir;
    private final Process process;

    private TurnServerProcess(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** Starts coturn accepting credentials signed with any of {@code secrets}, plus {@code extraArgs}. */
    public static TurnServerProcess start(List<String> secrets, String... extraArgs) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("the TURN tests need Debian's coturn (" + BINARY + "); scripts/test.sh installs it");
        }
        try {
            Path dir = Files.createTempDirectory("coturn-test");
            int port = LoopbackPorts.tcpAndUdp();
            List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "-n", "--no-cli",
                    "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--listening-port=" + port,
                    "--no-tls", "--no-dtls", "--no-rfc5780", "--realm=" + REALM,
                    "--use-auth-secret", "--allow-loopback-peers", "--no-multicast-peers",
                    "--log-file=" + dir.resolve("turn.log"), "--simple-log", "--no-stdout-log",
                    "--pidfile=" + dir.resolve("turn.pid"), "--db=" + dir.resolve("turndb")));
            secrets.forEach(s -> cmd.add("--static-auth-secret=" + s));
            cmd.addAll(List.of(extraArgs));
            Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.txt").toFile()).start();
            TurnServerProcess turn = new TurnServerProcess(port, dir, process);
            turn.awaitUp();
            return turn;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start turnserver: " + e.getMessage(), e);
        }
    }

    private void awaitUp() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        TurnClient client = new TurnClient(port);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("turnserver exited: " + log());
            }
            if (client.answersBinding()) {
                return;
            }
        }
        close();
        throw new IOException("turnserver did not answer a STUN Binding within " + START_TIMEOUT + ": " + log());
    }

    public int port() {
        return port;
    }

    /** {@code turn:127.0.0.1:<port>?transport=udp}, as {@code --turn-urls} takes it. */
    public String turnUrl() {
        return "turn:127.0.0.1:" + port + "?transport=udp";
    }

    public TurnClient client() {
        return new TurnClient(port);
    }

    /** Everything coturn logged so far. */
    public String log() {
        try (Stream<Path> files = Files.list(dir)) {
            StringBuilder out = new StringBuilder();
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".log")
                    || p.getFileName().toString().equals("stdout.txt")).sorted().toList()) {
                out.append(Files.readString(f));
            }
            return out.toString();
        } catch (IOException e) {
            return "(cannot read the coturn log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a directory left in /tmp is harmless
        }
    }
}
