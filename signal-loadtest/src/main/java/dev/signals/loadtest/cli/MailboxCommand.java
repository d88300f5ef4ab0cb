package dev.signals.loadtest.cli;

import dev.signals.loadtest.scenario.MailboxScenario;
import dev.signals.loadtest.scenario.Scenario;
import picocli.CommandLine.Command;

/** {@code mailbox}: the mailbox dialect's whole hand-over at a fixed rate. */
@Command(name = "mailbox", mixinStandardHelpOptions = true,
        description = "Each unit, on a new key: POST /offer/sdp/, GET+POST /answer/sdp/, both candidates posted and "
                + "fetched, GET /offer/sdp/ — eight requests, each checked. Latency is per hand-over.")
public final class MailboxCommand extends ExchangeCommand {
    @Override
    String scenarioName() {
        return "mailbox";
    }

    @Override
    Scenario scenario() {
        return new MailboxScenario(exchange.maxInFlight, exchange.timeout);
    }
}
