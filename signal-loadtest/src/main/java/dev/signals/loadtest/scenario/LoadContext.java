package dev.signals.loadtest.scenario;

import dev.signals.loadtest.engine.LatencyRecorder;
import dev.signals.loadtest.engine.RunStats;
import dev.signals.loadtest.net.WsConnector;

/** What a scenario works with: the settings, the connector, and where it records what happened. */
public record LoadContext(RunSettings settings, WsConnector connector, RunStats stats, LatencyRecorder latency) {
}
