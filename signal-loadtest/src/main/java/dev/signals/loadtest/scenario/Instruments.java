package dev.signals.loadtest.scenario;

import dev.signals.loadtest.engine.LatencyRecorder;
import dev.signals.loadtest.engine.LoadDriver;
import dev.signals.loadtest.engine.Phase;
import dev.signals.loadtest.engine.ProgressTicker;
import dev.signals.loadtest.engine.RunStats;
import dev.signals.loadtest.engine.ServerProbe;
import dev.signals.loadtest.net.WsConnector;
import java.time.Instant;

/**
 * What every run measures with, made once from its settings: the counters, the latency
 * recorder, the connector, the server probe and the once-a-second progress line (which follows
 * the run's phase and its current schedule driver).
 */
final class Instruments implements AutoCloseable {
    final RunStats stats = new RunStats();
    final LatencyRecorder latency = new LatencyRecorder();
    final WsConnector connector;
    final ServerProbe probe;
    final ProgressTicker ticker;
    final String startedAt = Instant.now().toString();
    private volatile Phase phase = Phase.SETUP;
    private volatile LoadDriver driver;

    Instruments(RunSettings settings) {
        this.connector = Connectors.open(settings);
        this.probe = new ServerProbe(settings.serverPids(), settings.backendPids(), settings.adminUrl(),
                settings.gcBeforeSample());
        this.ticker = new ProgressTicker(stats, latency, () -> phase,
                () -> driver == null ? 0 : driver.intervalMaxLagNanos(), settings.out());
    }

    void phase(Phase value) {
        phase = value;
    }

    /** The driver whose lag the progress line reports. */
    void driver(LoadDriver value) {
        driver = value;
    }

    /** A server (and backend) sample, or {@link ServerProbe.Sample#NONE} when no pid or admin URL was given. */
    ServerProbe.Sample sample() {
        return probe.enabled() ? probe.sample() : ServerProbe.Sample.NONE;
    }

    LoadContext context(RunSettings settings) {
        return new LoadContext(settings, connector, stats, latency);
    }

    /** Stops the progress line and releases the connector; close the scenario's connections first. */
    @Override
    public void close() {
        ticker.close();
        connector.close();
    }
}
