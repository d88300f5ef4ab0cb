package dev.signals.server.container;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One running container of the image under test, its ports published on loopback ports the
 * kernel picks; {@link #start} returns once {@code /healthz} answers 200 and fails with the
 * container's log otherwise. {@link #close()} removes it whatever state it is in.
 */
final class SignalContainer implements AutoCloseable {
    private static final Pattern PUBLISHED = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Podman podman;
    private final String name;
    private final int port;
    private final int adminPort;

    private SignalContainer(Podman podman, String name, int port, int adminPort) {
        this.podman = podman;
        this.name = name;
        this.port = port;
        this.adminPort = adminPort;
    }

    /**
     * {@code podman run} with {@code options} (e.g. {@code -e K=V}, {@code --network N}) and the
     * server's own flags after the image. The periodic health timer is off (it needs systemd);
     * tests run the image's HEALTHCHECK on demand with {@link #healthcheck()}.
     */
    static SignalContainer start(Podman podman, String image, String name, List<String> options, String... serverFlags) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--pull=never",
                "--health-interval=disable", "-p", "127.0.0.1::8080", "-p", "127.0.0.1::8090"));
        args.addAll(options);
        args.add(image);
        args.addAll(List.of(serverFlags));
        podman.run(Duration.ofSeconds(30), "rm", "-f", name);
        podman.ok(Duration.ofMinutes(2), args.toArray(String[]::new));
        SignalContainer container = new SignalContainer(podman, name,
                published(podman, name, "8080/tcp"), published(podman, name, "8090/tcp"));
        try {
            container.awaitHealthy();
        } catch (AssertionError | RuntimeException e) {
            container.close(); // its log is in the failure already; leave nothing running
            throw e;
        }
        return container;
    }

    private static int published(Podman podman, String name, String containerPort) {
        String out = podman.ok(Duration.ofSeconds(30), "port", name, containerPort);
        Matcher m = PUBLISHED.matcher(out);
        if (!m.find()) {
            fail("no loopback port published for " + containerPort + " of " + name + ": " + out);
        }
        return Integer.parseInt(m.group(1));
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + START.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> res = adminGet("/healthz");
                if (res.statusCode() == 200) {
                    return;
                }
                last = res.statusCode() + " " + res.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (!"running".equals(state())) {
                fail(name + " stopped before /healthz answered (state " + state() + "):\n" + logs());
            }
            sleep(Duration.ofMillis(200));
        }
        fail(name + ": /healthz did not answer 200 within " + START + " (last: " + last + "):\n" + logs());
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    int adminPort() {
        return adminPort;
    }

    HttpResponse<String> adminGet(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Runs the image's HEALTHCHECK once inside the container. */
    Podman.Result healthcheck() {
        return podman.run(Duration.ofSeconds(30), "healthcheck", "run", name);
    }

    Podman.Result exec(String... command) {
        List<String> args = new ArrayList<>(List.of("exec", name));
        args.addAll(List.of(command));
        return podman.run(Duration.ofSeconds(30), args.toArray(String[]::new));
    }

    /** {@code created}, {@code running}, {@code exited}, … */
    String state() {
        return podman.run(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Status}}", name).output().trim();
    }

    int exitCode() {
        return Integer.parseInt(podman.ok(Duration.ofSeconds(30), "inspect", "--format", "{{.State.ExitCode}}", name).trim());
    }

    String logs() {
        return podman.run(Duration.ofSeconds(30), "logs", name).output();
    }

    @Override
    public void close() {
        podman.run(Duration.ofSeconds(60), "rm", "-f", name);
    }

    static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
