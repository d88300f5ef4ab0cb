package dev.signals.loadtest.cli;

import dev.signals.loadtest.scenario.DomainScenario;
import dev.signals.loadtest.scenario.Scenario;
import picocli.CommandLine.Command;

/** {@code domain}: the domain dialect's offer/answer exchange at a fixed rate. */
@Command(name = "domain", mixinStandardHelpOptions = true,
        description = "Registers --connections/2 offerer/answerer pairs over /ws/{domain}; each unit POSTs an offer to "
                + "/offer, the answerer answers over its socket, and the offerer's socket receives the answer.")
public final class DomainCommand extends ExchangeCommand {
    @Override
    String scenarioName() {
        return "domain";
    }

    @Override
    Scenario scenario() {
        return new DomainScenario(exchange.maxInFlight, exchange.timeout);
    }
}
