package dev.signals.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.WsTestClient;
import dev.signals.server.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server process started in a directory holding a {@code config.toml} (docs/configuration.md):
 * {@code [server] host} picks the listener and {@code [log]} adds a log file beside stdout.
 */
class LogFileTest {
    private static final Pattern SERVING = Pattern.compile("serving .* on /127\\.0\\.0\\.1:(\\d+)");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    private Process start(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.signals.server.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve("stdout.txt").toFile())
                .redirectError(work.resolve("stderr.txt").toFile())
                .start();
    }

    /**
     * Starts the server from a {@code config.toml} that listens on 127.0.0.1:0 with the admin
     * listener off and logs to {@code outDir/signal.log} beside stdout.
     */
    private Process startLoggingTo(String outDir) throws IOException {
        Files.writeString(work.resolve("config.toml"), "[server]\nhost = \"127.0.0.1:0\"\n[admin]\naddr = \"off\"\n"
                + "[log]\nout_dir = \"" + outDir + "\"\nout_file = \"signal.log\"\n");
        return start();
    }

    /** Waits until {@code file} has a line matching {@code pattern}; returns the match. */
    private static Matcher awaitLine(Path file, Pattern pattern, Process process) throws Exception {
        return Await.value("a line matching " + pattern + " in " + file, WAIT, () -> {
            if (Files.exists(file)) {
                Matcher m = pattern.matcher(Files.readString(file));
                if (m.find()) {
                    return m;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("the process exited before writing a line matching " + pattern + " in " + file);
            }
            return null;
        });
    }

    @Test
    void tomlHostAndLogDirectoryAreUsedByTheRealProcess() throws Exception {
        Process process = startLoggingTo("logs/nested");
        Path logFile = work.resolve("logs/nested/signal.log");
        try {
            int port = Integer.parseInt(awaitLine(logFile, SERVING, process).group(1));
            HttpResponse<String> res = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/offer"))
                            .timeout(WAIT)
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"offer_sdp\":\"eA==\",\"answer_domain\":\"B\",\"offer_domain\":\"A\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, res.statusCode(), "the domain dialect answers on the TOML host");
            assertTrue(SERVING.matcher(Files.readString(work.resolve("stdout.txt"))).find(), "stdout keeps its copy");
        } finally {
            process.destroy();
        }
        assertTrue(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "exits after SIGTERM");
        assertEquals(0, process.exitValue());
        assertTrue(Files.readString(logFile).contains("stopped"), "the last lines are flushed to the file");
    }

    /**
     * A request the server cannot decode is logged as one warning; a token in its query or an
     * Authorization header must not reach the log with it (SECURITY.md: tokens in the URL).
     */
    @Test
    void undecodableRequestsAreLoggedWithoutTheirTokens() throws Exception {
        againstServerLoggingTo("logs", (port, logFile, process) -> {
            assertEquals("HTTP/1.1 431", statusLine(port, "GET /connect?room=a&token=SEKRET-QUERY HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer SEKRET-HEADER\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"));
            assertEquals("HTTP/1.1 414", statusLine(port, "GET /connect?token=SEKRET-LONG" + "b".repeat(9_000)
                    + " HTTP/1.1\r\nHost: x\r\n\r\n"));
            awaitLine(logFile, Pattern.compile("TooLongHttpLineException"), process);
            String log = Files.readString(logFile);
            assertTrue(log.contains("TooLongHttpHeaderException"), "the header failure is logged:\n" + log);
            assertTrue(!log.contains("SEKRET"), "no token in the log:\n" + log);
        });
    }

    /**
     * Issue 19 item 7: clients that start a fragmented message and disconnect. Each used to log an
     * ERROR with an 18-line stack trace; now such a connection is one warning line, throttled, so
     * the log cannot be flooded. The 431 afterwards is a marker sent after every abort, so the
     * lines of the aborted connections have had their chance to be written when it shows up.
     */
    @Test
    void aMessageCutOffByADisconnectLogsOneThrottledLineNoStackTrace() throws Exception {
        againstServerLoggingTo("logs", (port, logFile, process) -> {
            for (int i = 0; i < 20; i++) {
                try (WsTestClient ws = WsTestClient.connect(port, "/connect")) {
                    assertEquals(101, ws.status());
                    ws.nextText(); // notify-client-id
                    ws.sendFrame(0x1, false, "{\"type\":\"jo".getBytes(StandardCharsets.UTF_8));
                    ws.abort();
                }
            }
            awaitLine(logFile, Pattern.compile("message cut off"), process);
            assertEquals("HTTP/1.1 431", statusLine(port, "GET / HTTP/1.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"));
            awaitLine(logFile, Pattern.compile("TooLongHttpHeaderException"), process);
            String log = Files.readString(logFile);
            List<String> lines = log.lines().filter(l -> !l.contains("TooLongHttpHeaderException")).toList();
            assertTrue(lines.stream().noneMatch(l -> l.contains(" ERROR ") || l.startsWith("\tat ")),
                    "no error, no stack trace:\n" + log);
            long cutOff = lines.stream().filter(l -> l.contains("message cut off")).count();
            assertEquals(1, cutOff, "one line for the first, the rest throttled:\n" + log);
        });
    }

    /** What a test does with a running server: its port, its log file and the process. */
    @FunctionalInterface
    private interface ServerCheck {
        void run(int port, Path logFile, Process process) throws Exception;
    }

    /** Starts the server logging to {@code outDir/signal.log}, runs {@code check} on it, then stops it. */
    private void againstServerLoggingTo(String outDir, ServerCheck check) throws Exception {
        Process process = startLoggingTo(outDir);
        Path logFile = work.resolve(outDir).resolve("signal.log");
        try {
            check.run(Integer.parseInt(awaitLine(logFile, SERVING, process).group(1)), logFile, process);
        } finally {
            process.destroy();
            process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Sends raw request bytes and returns the first 12 characters of the status line. */
    private static String statusLine(int port, String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] head = socket.getInputStream().readNBytes(12);
            return new String(head, java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    @Test
    void unwritableLogDirectoryIsAClearStartupError() throws Exception {
        Files.writeString(work.resolve("blocker"), "a file where the log directory should go");
        assertStartupError("blocker/logs", "cannot write log directory " + work.resolve("blocker/logs") + ": Not a directory");
        assertStartupError("blocker", "cannot write log directory " + work.resolve("blocker") + ": a file of that name is in the way");
    }

    private void assertStartupError(String outDir, String message) throws Exception {
        Process process = startLoggingTo(outDir);
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server started although its log directory cannot be created");
        }
        assertEquals(2, process.exitValue());
        assertEquals("signal-server: " + message, Files.readString(work.resolve("stderr.txt")).trim());
    }
}
