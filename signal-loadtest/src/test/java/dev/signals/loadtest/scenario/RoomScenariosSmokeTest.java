package dev.signals.loadtest.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.loadtest.Main;
import dev.signals.loadtest.bare.BareRelay;
import dev.signals.loadtest.report.RunReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Short runs of the room-dialect scenarios against a real in-process node (and the bare relay). */
class RoomScenariosSmokeTest extends SmokeTestBase {
    @Test
    void roomRelayAgainstSignal() throws Exception {
        RunSettings s = quick(node.port()).withConnections(24, 3)
                .withServer(ProcessHandle.current().pid(), "http://127.0.0.1:" + node.adminPort(), false);
        RunReport report;
        try (FixedRateRun run = new FixedRateRun(new RoomRelayScenario("/connect"), s)) {
            report = run.runOnce();
        }
        assertCleanRun(report);
        assertEquals("room-relay", report.scenario());
        // Each unit's time from its actual send is at most its time from its intended send.
        RunReport.Latency fromSend = report.latencyFromSend();
        assertEquals(report.latency().count(), fromSend.count());
        assertTrue(fromSend.p99() <= report.latency().p99() && fromSend.max() <= report.latency().max(), fromSend.toString());
        // The node's own time per message, from its /metrics around the window (given its admin URL).
        RunReport.Latency own = report.serverRelay();
        assertTrue(own.count() > 0 && own.p50() <= own.p99() && own.p99() <= own.max(), own.toString());
        assertTrue(report.server().cpuSeconds() >= 0, "CPU sampled from /proc");
        assertTrue(report.server().heapAfterBytes() > 0, "heap read from the admin /metrics");
        assertEquals(0, node.metrics().connections("room").get(), "every client closed");
    }

    @Test
    void roomRelayOverResumableSessions() throws Exception {
        RunSettings s = quick(node.port()).withConnections(24, 2)
                .withServer(ProcessHandle.current().pid(), "http://127.0.0.1:" + node.adminPort(), false);
        RunReport report;
        RoomRelayScenario scenario = new RoomRelayScenario("/connect", true);
        try (FixedRateRun run = new FixedRateRun(scenario, s)) {
            run.setup();
            assertEquals(24, scenario.sessionsOpened(), "every client's first frame was its session");
            report = run.finish(run.window(200, Duration.ofSeconds(1), Duration.ofSeconds(2)), null, java.util.List.of());
        }
        assertCleanRun(report);
        assertEquals("on", report.parameters().get("sessions"));
        assertEquals(0, report.errors(), "no session closed (an unacknowledged log overflows, docs/resume.md#bounded)");
    }

    @Test
    void roomRelayAgainstTheBareRelayWithAMaximumRateSearch() throws Exception {
        try (BareRelay relay = BareRelay.start("127.0.0.1", 0, 1);
             FixedRateRun run = new FixedRateRun(new RoomRelayScenario("/connect"), quick(relay.port()))) {
            run.setup();
            MaxRateSearch.Outcome outcome = new MaxRateSearch(run, 10_000, Duration.ofMillis(500), Duration.ofSeconds(1),
                    run.settings().out()).search(100, 200);
            assertFalse(outcome.steps().isEmpty());
            assertEquals(100, outcome.steps().get(0).rate());
            for (RunReport.Step step : outcome.steps()) {
                assertEquals(step.errors() == 0 && step.p99Ms() <= 10_000, step.sustainable(), step.toString());
            }
            Window w = run.window(Math.max(50, outcome.maxRate() / 2), Duration.ofMillis(500), Duration.ofSeconds(1));
            RunReport report = run.finish(w, outcome.maxRate(), outcome.steps());
            assertCleanRun(report);
            assertEquals(outcome.steps(), report.steps());
        }
    }

    @Test
    void idleAgainstSignalReportsHeldConnectionsAndMemory() throws Exception {
        RunSettings s = quick(node.port()).withConnections(200, 0).withTiming(Duration.ZERO, Duration.ofSeconds(2))
                .withServer(ProcessHandle.current().pid(), "http://127.0.0.1:" + node.adminPort(), false);
        RunReport report;
        try (IdleRun run = new IdleRun(s, "/connect", 400)) {
            report = run.run();
        }
        assertCleanRun(report);
        assertEquals(200, report.extras().get("connections held at end"));
        assertEquals(0L, report.extras().get("connect failures"));
        assertTrue(report.extras().containsKey("server heap per connection (bytes)"));
        assertTrue(report.extras().containsKey("server RSS per connection (bytes)"));
    }

    @Test
    void idleWithGcCountsTheLiveSetAndAttributesItByClass() throws Exception {
        RunSettings s = quick(node.port()).withConnections(200, 0).withTiming(Duration.ZERO, Duration.ofSeconds(1))
                .withServer(ProcessHandle.current().pid(), null, true);
        RunReport report;
        try (IdleRun run = new IdleRun(s, "/connect", 400)) {
            report = run.run();
        }
        assertCleanRun(report);
        double perConnection = ((Number) report.extras().get("server heap per connection (bytes)")).doubleValue();
        assertTrue(perConnection > 0, "live heap grew with 200 held connections: " + perConnection);
        String byClass = java.nio.file.Files.readString(s.outDir().resolve("heap-by-class.md"));
        assertTrue(byClass.startsWith("live heap per connection: "), byClass);
        assertTrue(byClass.contains("WsSession"), "the server's own per-connection class is listed:\n" + byClass);
    }

    @Test
    void churnAgainstSignal() throws Exception {
        RunReport report;
        try (FixedRateRun run = new FixedRateRun(new ChurnScenario("/connect", true, 1000, Duration.ofSeconds(10)),
                quick(node.port()).withRate(100))) {
            report = run.runOnce();
        }
        assertCleanRun(report);
        assertEquals(0, node.metrics().connections("room").get(), "every cycle closed its connection");
    }

    @Test
    void theCommandLineRunsAScenarioAndExplainsEachOne() throws Exception {
        StringWriter help = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(help));
        assertEquals(0, cl.execute("room-relay", "--help"));
        assertTrue(help.toString().contains("--source-addresses"), help.toString());
        assertTrue(help.toString().contains("--find-max-rate"), help.toString());
        assertEquals(2, Main.commandLine().execute("room-relay"), "--target is required");

        Path dir = out.resolve("cli");
        int code = Main.commandLine().execute("churn", "--target", "http://127.0.0.1:" + node.port(), "--rate", "50",
                "--warmup", "500ms", "--duration", "1s", "--out", dir.toString(), "--label", "cli");
        assertEquals(0, code);
        assertTrue(Files.readString(dir.resolve("report.md")).startsWith("# churn — cli"));
    }
}
