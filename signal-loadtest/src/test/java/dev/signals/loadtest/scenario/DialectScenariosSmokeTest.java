package dev.signals.loadtest.scenario;

import dev.signals.loadtest.report.RunReport;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Short runs of the call, domain and mailbox exchanges against a real in-process node. These
 * need the dialects' server sides (built on their own branches), so they pass once those are merged.
 */
class DialectScenariosSmokeTest extends SmokeTestBase {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private void runClean(Scenario scenario, double rate) throws Exception {
        RunReport report;
        try (FixedRateRun run = new FixedRateRun(scenario, quick(node.port()).withRate(rate))) {
            report = run.runOnce();
        }
        assertCleanRun(report);
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
}
