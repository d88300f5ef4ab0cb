package dev.signals.loadtest.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.loadtest.net.Target;
import dev.signals.loadtest.report.ReportWriter;
import dev.signals.loadtest.report.RunReport;
import dev.signals.server.SignalServer;
import dev.signals.server.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the smoke tests: a real in-process signal node per test (started with every limit
 * off, as benchmarks run it), short run settings, and the checks every run must pass.
 */
abstract class SmokeTestBase {
    @TempDir
    Path out;
    SignalServer node;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void startNode() throws Exception {
        node = signalNode();
    }

    @AfterEach
    void stopNode() {
        node.stop();
    }

    /** A node on loopback port 0 with every limit off (SECURITY.md "Limits and their defaults"). */
    static SignalServer signalNode(String... extraFlags) throws Exception {
        List<String> args = new ArrayList<>(List.of("--addr", "127.0.0.1:0", "--healthz-addr", "127.0.0.1:0",
                "--rate-limit", "0", "--http-rate-limit", "0", "--conn-rate-limit", "0", "--max-message-bytes", "0",
                "--log-level", "warn"));
        args.addAll(List.of(extraFlags));
        return SignalServer.start(new ConfigLoader(Map.of(), Path.of("").toAbsolutePath())
                .load(args.toArray(String[]::new)).config());
    }

    /** A few seconds of load at a modest rate on {@code port}; progress lines go to {@code log}. */
    RunSettings quick(int port) {
        return RunSettings.defaults(Target.parse("http://127.0.0.1:" + port), out)
                .withRate(200)
                .withTiming(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withConnections(20, 2)
                .withOutput(out, new PrintStream(log, true, StandardCharsets.UTF_8), "smoke");
    }

    /** The run completed without an error and left every report file, the charts decodable. */
    void assertCleanRun(RunReport report) throws Exception {
        String progress = log.toString(StandardCharsets.UTF_8);
        assertEquals(0, report.errors(), "errors: " + report.errorsByReason() + "\n" + progress);
        assertEquals(0, report.warmupErrors(), progress);
        assertTrue(report.sent() > 0, "something was sent");
        assertTrue(report.received() > 0, "something completed");
        assertTrue(report.latency().count() > 0);
        assertTrue(progress.contains("done: " + report.scenario()), progress);
        for (String f : List.of(ReportWriter.JSON, ReportWriter.MARKDOWN, ReportWriter.LATENCY_PNG,
                ReportWriter.THROUGHPUT_PNG, ReportWriter.HGRM)) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertNotNull(ImageIO.read(out.resolve(ReportWriter.LATENCY_PNG).toFile()));
        assertNotNull(ImageIO.read(out.resolve(ReportWriter.THROUGHPUT_PNG).toFile()));
        assertEquals(report.scenario(), ReportWriter.read(out.resolve(ReportWriter.JSON)).scenario());
    }
}
