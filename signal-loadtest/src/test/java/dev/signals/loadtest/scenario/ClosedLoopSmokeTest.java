package dev.signals.loadtest.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.loadtest.Main;
import dev.signals.loadtest.bare.BareRelay;
import dev.signals.loadtest.report.ReportWriter;
import dev.signals.loadtest.report.RunReport;
import dev.signals.server.metrics.MeterName;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Short closed-loop runs of {@code room-relay --in-flight} against the bare relay and a real in-process node. */
class ClosedLoopSmokeTest extends SmokeTestBase {
    private static int count(Map<String, Object> extras, String key) {
        return ((Number) extras.get(key)).intValue();
    }

    /** Every pair active through the window, and exactly {@code n} messages unanswered per pair once the loop stopped. */
    private static void assertLoopKept(RunReport report, int pairs, int n) {
        assertEquals(0, report.offeredRate(), "a closed loop offers no rate");
        assertEquals(Integer.toString(n), report.parameters().get("in-flight"));
        assertEquals(pairs, count(report.extras(), RoomRelayScenario.PAIRS));
        assertEquals(0, count(report.extras(), RoomRelayScenario.SILENT_PAIRS), "every pair relayed in the window");
        assertEquals(0, count(report.extras(), RoomRelayScenario.MISCOUNTED_PAIRS), "each pair had exactly " + n + " in flight");
        assertEquals(0, report.schedule().lateSends());
        assertTrue(report.server().cpuSeconds() >= 0, "CPU sampled from /proc");
        assertTrue(report.server().unitsPerCpuSecond() > 0, "messages per server CPU-second");
    }

    @Test
    void againstTheBareRelayEachPairKeepsExactlyItsMessagesInFlight() throws Exception {
        RoomRelayScenario scenario = new RoomRelayScenario("/connect", false, 3);
        RunReport report;
        try (BareRelay relay = BareRelay.start("127.0.0.1", 0, 1);
             FixedRateRun run = new FixedRateRun(scenario, quick(relay.port()).withRate(0)
                     .withServer(ProcessHandle.current().pid(), null, false))) {
            report = run.runClosedLoop();
        }
        assertCleanRun(report);
        assertLoopKept(report, 10, 3);
        String md = Files.readString(out.resolve(ReportWriter.MARKDOWN));
        assertTrue(md.contains("| offered rate (/s) | closed loop |"), md);
        assertTrue(md.contains("| " + RoomRelayScenario.SILENT_PAIRS + " | 0 |"), md);
        assertTrue(md.contains("completed per server CPU second"), md);
    }

    /** The server's own count of what it received and relayed matches the harness's, message for message. */
    @Test
    void againstSignalTheServerRelaysEveryMessageTheLoopSentOnce() throws Exception {
        RoomRelayScenario scenario = new RoomRelayScenario("/connect", false, 1);
        RunReport report;
        try (FixedRateRun run = new FixedRateRun(scenario, quick(node.port()).withRate(0)
                .withServer(ProcessHandle.current().pid(), "http://127.0.0.1:" + node.adminPort(), false))) {
            report = run.runClosedLoop();
        }
        assertCleanRun(report);
        assertLoopKept(report, 10, 1);
        // "in" is counted before the relay, so it is complete once every message arrived; "out"
        // once the frame is queued, possibly on another thread just after the peer read it.
        double in = relayed("in", "offer") + relayed("in", "answer");
        assertEquals(scenario.sentTotal(), (long) in, "the server received every message sent");
        assertTrue(ConnectionSet.await(() -> relayed("out", "offer") + relayed("out", "answer") >= in, Duration.ofSeconds(10)));
        assertEquals(in, relayed("out", "offer") + relayed("out", "answer"), "and relayed each once");
        assertTrue(relayed("in", "answer") > 0, "offers were answered");
        assertEquals(0, node.metrics().connections("room").get(), "every client closed");
    }

    private double relayed(String direction, String type) {
        return node.metrics().counter(MeterName.MESSAGES, "dialect", "room", "direction", direction, "type", type).count();
    }

    @Test
    void theCommandLineRejectsWhatAClosedLoopCannotDo() {
        String target = "http://127.0.0.1:" + node.port();
        assertEquals(2, Main.commandLine().execute("room-relay", "--target", target, "--in-flight", "1", "--room-size", "3",
                "--connections", "6"), "pairs only");
        assertEquals(2, Main.commandLine().execute("room-relay", "--target", target, "--in-flight", "1", "--find-max-rate"));
        assertEquals(2, Main.commandLine().execute("room-relay", "--target", target, "--in-flight", "1", "--rate", "500"));
        assertEquals(2, Main.commandLine().execute("room-relay", "--target", target, "--in-flight", "1", "--sessions"));
        assertEquals(2, Main.commandLine().execute("room-relay", "--target", target, "--in-flight", "-1"));
    }
}
