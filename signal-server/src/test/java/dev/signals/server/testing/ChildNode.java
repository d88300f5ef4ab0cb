package dev.signals.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node running in its own JVM ({@code dev.signals.server.Main} on this test's class path), for
 * what an in-process node cannot show: a {@code kill -9}. Its listeners take ports that were free
 * when it started; it is ready when its {@code /readyz} answers 200.
 */
public final class ChildNode implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final int adminPort;
    private final Path log;

    private ChildNode(Process process, int port, int adminPort, Path log) {
        this.process = process;
        this.port = port;
        this.adminPort = adminPort;
        this.log = log;
    }

    /** Starts a node with {@code flags} and waits (up to 20 s) until it is ready. */
    public static ChildNode start(String... flags) throws IOException, InterruptedException {
        return start(List.of(), flags);
    }

    /** The same, with extra JVM options (system properties, e.g. a TLS trust store). */
    public static ChildNode start(List<String> jvmOptions, String... flags) throws IOException, InterruptedException {
        int port = RedisProcess.freePort();
        int admin = RedisProcess.freePort();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.signals.server.Main",
                "--addr", "127.0.0.1:" + port, "--healthz-addr", "127.0.0.1:" + admin));
        cmd.addAll(List.of(flags));
        Path log = Files.createTempFile("child-node", ".log");
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ChildNode node = new ChildNode(process, port, admin, log);
        node.awaitReady(Duration.ofSeconds(20));
        return node;
    }

    private void awaitReady(Duration wait) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("child node exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/readyz"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        close();
        throw new IllegalStateException("child node not ready within " + wait + ": " + Files.readString(log));
    }

    public int port() {
        return port;
    }

    public WsTestClient ws(String path) throws IOException {
        return WsTestClient.connect(port, path);
    }

    /** {@code kill -9}: the process dies at once, without any leave handling. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // a temp file left behind is harmless
        }
    }
}
