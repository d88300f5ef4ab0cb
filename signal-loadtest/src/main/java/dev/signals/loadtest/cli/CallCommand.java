package dev.signals.loadtest.cli;

import dev.signals.loadtest.scenario.CallScenario;
import dev.signals.loadtest.scenario.Scenario;
import picocli.CommandLine.Command;

/** {@code call}: the call dialect's full exchange at a fixed rate. */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = "Each unit: two peers take seats on a new call (GET /call/{call}), join over /ws until WELCOME, "
                + "exchange OFFER and ANSWER through POST /signal, and close. Latency is per exchange.")
public final class CallCommand extends ExchangeCommand {
    @Override
    String scenarioName() {
        return "call";
    }

    @Override
    Scenario scenario() {
        return new CallScenario(exchange.maxInFlight, exchange.timeout);
    }
}
