package dev.signals.loadtest.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** Options of the scenarios whose unit is a whole exchange (churn, call, domain, mailbox). */
public final class ExchangeOptions {
    @Option(names = "--max-in-flight", defaultValue = "10000", paramLabel = "N",
            description = "exchanges running at once; a start beyond this counts as an error (default: ${DEFAULT-VALUE})")
    int maxInFlight;

    @Option(names = "--timeout", converter = DurationConverter.class, defaultValue = "10s", paramLabel = "DURATION",
            description = "an exchange not complete after this is an error (default: ${DEFAULT-VALUE})")
    Duration timeout;
}
