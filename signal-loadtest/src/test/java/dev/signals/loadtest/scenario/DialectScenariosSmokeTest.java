package dev.signals.loadtest.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.loadtest.bare.BareMailbox;
import dev.signals.loadtest.bare.BareTransport;
import dev.signals.loadtest.report.RunReport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Short runs of the call, domain and mailbox exchanges against a real in-process node.
 */
class DialectScenariosSmokeTest extends SmokeTestBase {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * Two windows on one scenario, as a maximum-rate search runs them: the second must not reuse
     * a call name or mailbox key the first left alive (schedule indices restart per window).
     */
    private void runClean(Scenario scenario, double rate) throws Exception {
        runClean(scenario, rate, node.port());
    }

    private void runClean(Scenario scenario, double rate, int port) throws Exception {
        RunReport report;
        try (FixedRateRun run = new FixedRateRun(scenario, quick(port).withRate(rate))) {
            run.setup();
            Window first = run.window(rate, Duration.ZERO, Duration.ofSeconds(1));
            assertEquals(0, first.errors(), "first window: " + first.errorsByReason());
            report = run.finish(run.window(rate, Duration.ofMillis(500), Duration.ofSeconds(2)), null, List.of());
        }
        assertCleanRun(report);
        assertEquals(report.latency().count(), report.latencyFromSend().count(), "every exchange timed from its start too");
        assertTrue(report.latencyFromSend().max() <= report.latency().max());
    }

    @Test
    void callExchanges() throws Exception {
        runClean(new CallScenario(1000, TIMEOUT), 50);
    }

    @Test
    void domainExchanges() throws Exception {
        runClean(new DomainScenario(1000, TIMEOUT), 100);
    }

    @Test
    void mailboxExchanges() throws Exception {
        runClean(new MailboxScenario(1000, TIMEOUT), 50);
    }

    /** The bare mailbox serves the scenario's hand-over as the node does: every step checked, none failed. */
    @Test
    void mailboxExchangesAgainstTheBareMailbox() throws Exception {
        try (BareMailbox bare = BareMailbox.start("127.0.0.1", 0, 1, BareTransport.parse("auto"))) {
            runClean(new MailboxScenario(1000, TIMEOUT), 50, bare.port());
        }
    }
}
