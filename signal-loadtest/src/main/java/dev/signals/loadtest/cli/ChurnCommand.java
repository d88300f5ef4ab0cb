package dev.signals.loadtest.cli;

import dev.signals.loadtest.scenario.ChurnScenario;
import dev.signals.loadtest.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code churn}: connect, join, leave, close cycles per second in the room dialect. */
@Command(name = "churn", mixinStandardHelpOptions = true,
        description = "Each unit is a client's whole life on a fresh connection: connect, notify-client-id, join "
                + "(and its 'joined' reply), leave, close handshake. Latency is per cycle.")
public final class ChurnCommand extends ExchangeCommand {
    @Option(names = "--path", defaultValue = "/connect", paramLabel = "PATH", description = "WebSocket path (default: ${DEFAULT-VALUE})")
    String path;

    @Option(names = "--await-joined", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "wait for the server's 'joined' reply before leaving; --no-await-joined for servers without one, "
                    + "such as singo (default: ${DEFAULT-VALUE})")
    boolean awaitJoined;

    @Override
    String scenarioName() {
        return "churn";
    }

    @Override
    Scenario scenario() {
        return new ChurnScenario(path, awaitJoined, exchange.maxInFlight, exchange.timeout);
    }
}
