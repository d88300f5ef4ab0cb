package dev.signals.server.testing;

import dev.signals.server.SignalServer;
import dev.signals.server.config.ConfigException;
import dev.signals.server.config.ConfigLoader;
import dev.signals.server.config.SignalConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real node on loopback ports chosen by the OS, configured through the same flag parser users
 * use. Tests start one with {@link #start(String...)} and close it (try-with-resources or
 * {@code @AfterEach}); {@link #http} and {@link #ws} talk to it over real sockets.
 */
public final class TestNode implements AutoCloseable {
    /**
     * Plain HTTP/1.1, as the dialects' clients speak it: the JDK's default (HTTP/2) opens each
     * connection with an h2c upgrade request that no client of this server sends.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final SignalServer server;

    private TestNode(SignalServer server) {
        this.server = server;
    }

    /** Starts a node with test defaults (loopback, port 0, limits as configured) plus {@code flags}. */
    public static TestNode start(String... flags) {
        List<String> args = new ArrayList<>(List.of("--addr", "127.0.0.1:0", "--healthz-addr", "127.0.0.1:0"));
        args.addAll(List.of(flags));
        try {
            SignalConfig config = new ConfigLoader(Map.of(), Path.of("").toAbsolutePath())
                    .load(args.toArray(String[]::new)).config();
            return new TestNode(SignalServer.start(config));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Starts a node joined to the others through the Redis at {@code redisAddr} (docs/cluster.md),
     * under key prefix {@code prefix} and node id {@code nodeId}, and waits until it is ready.
     */
    public static TestNode clustered(String redisAddr, String prefix, String nodeId, String... flags)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--redis-addr", redisAddr, "--redis-prefix", prefix, "--node-id", nodeId));
        args.addAll(List.of(flags));
        TestNode node = start(args.toArray(String[]::new));
        try {
            node.awaitReady(Duration.ofSeconds(10));
        } catch (AssertionError | IOException | InterruptedException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** Waits until {@code /readyz} answers 200 (with a backplane: until it is up), or fails. */
    public void awaitReady(Duration wait) throws IOException, InterruptedException {
        try {
            Await.matching("node ready (/readyz 200)", wait, () -> adminGet("/readyz").statusCode(), s -> s == 200);
        } catch (IOException | InterruptedException | AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    public SignalServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public int adminPort() {
        return server.adminPort();
    }

    public WsTestClient ws(String path) throws IOException {
        return WsTestClient.connect(port(), path);
    }

    public WsTestClient ws(String path, Map<String, String> headers) throws IOException {
        return WsTestClient.connect(port(), path, headers);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(port(), path)).GET().build());
    }

    public HttpResponse<String> adminGet(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(adminPort(), path)).GET().build());
    }

    /** One series of the admin {@code /metrics}, named as Prometheus prints it (labels included); 0 when absent. */
    public double metric(String series) throws IOException, InterruptedException {
        return metric(adminGet("/metrics").body(), series);
    }

    /** One series of a {@code /metrics} scrape, named as Prometheus prints it (labels included); 0 when absent. */
    public static double metric(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    public HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(port(), path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public URI uri(String path) {
        return uri(port(), path);
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Polls {@code /debug/state} until {@code condition} holds on its body, or fails after 5 s. */
    public String awaitState(java.util.function.Predicate<String> condition) throws IOException, InterruptedException {
        try {
            return Await.matching("/debug/state matches", Duration.ofSeconds(5), () -> adminGet("/debug/state").body(), condition);
        } catch (IOException | InterruptedException | AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
