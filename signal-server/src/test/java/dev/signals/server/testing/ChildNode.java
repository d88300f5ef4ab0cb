package dev.signals.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node in its own JVM ({@code dev.signals.server.Main} on this test's classpath), for what only
 * a real process shows: signals, exit status, and being killed. Learns its ports from the log.
 */
public final class ChildNode implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("serving .* on /[^:]+:(\\d+).*admin on /[^:]+:(\\d+)");

    private final Process process;
    private final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile int port = -1;
    private volatile int adminPort = -1;

    private ChildNode(Process process) {
        this.process = process;
        Thread pump = new Thread(this::pump, "child-node-output");
        pump.setDaemon(true);
        pump.start();
    }

    public static ChildNode start(String... flags) throws IOException, InterruptedException {
        return start(List.of(), flags);
    }

    /** {@link #start}, then waits until it is ready (10 s); a node that is not is killed. */
    public static ChildNode startReady(String... flags) throws IOException, InterruptedException {
        ChildNode node = start(flags);
        try {
            node.awaitReady(Duration.ofSeconds(10));
            return node;
        } catch (Throwable e) {
            node.close();
            throw e;
        }
    }

    /** The same, with extra JVM options (system properties, e.g. a TLS trust store). */
    public static ChildNode start(List<String> jvmOptions, String... flags) throws IOException, InterruptedException {
        ChildNode node = spawn(jvmOptions, flags);
        // A JVM on a loaded 2-core machine can take 20 s to print its first line.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (node.port < 0 && System.nanoTime() < deadline && node.process.isAlive()) {
            Thread.sleep(20);
        }
        if (node.port < 0) {
            node.process.destroyForcibly();
            throw new IllegalStateException("child node did not start: " + node.output);
        }
        return node;
    }

    /**
     * Starts the process and returns at once, before the node serves: for tests that race its
     * start-up (with {@code --addr} naming a fixed port, as {@link #port()} is known only later).
     */
    public static ChildNode spawn(List<String> jvmOptions, String... flags) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.javaBinary(), "-Xmx256m"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.signals.server.Main", "--healthz-addr", "127.0.0.1:0"));
        if (!List.of(flags).contains("--addr")) {
            cmd.addAll(List.of("--addr", "127.0.0.1:0"));
        }
        cmd.addAll(List.of(flags));
        return new ChildNode(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.add(line);
                Matcher m = SERVING.matcher(line);
                if (m.find()) {
                    adminPort = Integer.parseInt(m.group(2));
                    port = Integer.parseInt(m.group(1));
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    public int port() {
        return port;
    }

    public int adminPort() {
        return adminPort;
    }

    /** Waits until {@code /readyz} answers 200 (with a backplane: until it is up), or fails. */
    public void awaitReady(Duration wait) throws IOException, InterruptedException {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        java.net.URI readyz = java.net.URI.create("http://127.0.0.1:" + adminPort + "/readyz");
        try {
            Await.matching("child node ready (/readyz 200)", wait, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("child node exited: " + output());
                }
                return http.send(java.net.http.HttpRequest.newBuilder(readyz).GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            }, status -> status == 200);
        } catch (IOException | InterruptedException e) {
            throw e;
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; " + output(), e);
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public List<String> output() {
        synchronized (output) {
            return new ArrayList<>(output);
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM, as an orchestrator stops a container. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: the node dies without any chance to clean up. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Exit status, or -1 if it did not exit within {@code wait}. */
    public int awaitExit(Duration wait) throws InterruptedException {
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** Where this JVM's java binary lives. */
    private static final class Path {
        static String javaBinary() {
            return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
    }
}
