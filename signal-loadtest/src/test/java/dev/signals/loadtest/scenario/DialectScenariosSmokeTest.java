package dev.signals.loadtest.scenario;

import static dev.signals.loadtest.scenario.SmokeSupport.assertCleanRun;
import static dev.signals.loadtest.scenario.SmokeSupport.quick;

import dev.signals.loadtest.report.RunReport;
import dev.signals.server.SignalServer;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short runs of the call, domain and mailbox exchanges against a real in-process node. These
 * need the dialects' server sides (built on their own branches), so they pass once those are merged.
 */
class DialectScenariosSmokeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    @TempDir
    Path out;
    private SignalServer node;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        node = SmokeSupport.signalNode();
    }

    @AfterEach
    void stop() {
        node.stop();
    }

    private void runClean(Scenario scenario, double rate) throws Exception {
        RunReport report;
        try (FixedRateRun run = new FixedRateRun(scenario, quick(node.port(), out, log).withRate(rate))) {
            report = run.runOnce();
        }
        assertCleanRun(report, out, log);
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
