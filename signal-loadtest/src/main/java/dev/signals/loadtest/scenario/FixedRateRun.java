package dev.signals.loadtest.scenario;

import dev.signals.loadtest.engine.GeneratorCpu;
import dev.signals.loadtest.engine.LoadDriver;
import dev.signals.loadtest.engine.Phase;
import dev.signals.loadtest.engine.RateSchedule;
import dev.signals.loadtest.engine.RunStats;
import dev.signals.loadtest.engine.ScheduleDriver;
import dev.signals.loadtest.engine.ServerProbe;
import dev.signals.loadtest.report.Charts;
import dev.signals.loadtest.report.ReportWriter;
import dev.signals.loadtest.report.Reports;
import dev.signals.loadtest.report.RunReport;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a {@link Scenario} as open-model load: set up, then one or more measured windows at a
 * fixed rate (warm-up, measure, drain), then the report. A scenario that is also a
 * {@link ClosedLoop} can instead run one closed-loop window through the same steps. Owns the
 * connector, the counters, the latency recorder and the progress line for the whole run.
 */
public final class FixedRateRun implements AutoCloseable {
    private static final double[] RAMP_SHARES = {0.1, 0.25, 0.5};
    private final Scenario scenario;
    private final RunSettings settings;
    private final Instruments in;

    public FixedRateRun(Scenario scenario, RunSettings settings) {
        this.scenario = scenario;
        this.settings = settings;
        this.in = new Instruments(settings);
    }

    public RunSettings settings() {
        return settings;
    }

    /** Sets the scenario up; the progress line runs from here on. */
    public void setup() throws Exception {
        in.ticker.start();
        in.phase(Phase.SETUP);
        scenario.setup(in.context(settings));
    }

    /** Set-up, one window at the configured rate, report files; returns the report. */
    public RunReport runOnce() throws Exception {
        setup();
        Duration lastStage = rampUp(settings.rate(), settings.warmup());
        Window w = window(settings.rate(), lastStage, settings.duration());
        return finish(w, null, List.of());
    }

    /**
     * The first part of a warm-up: unmeasured windows at 10 %, 25 % and 50 % of {@code rate},
     * each a quarter of {@code warmup}; returns the last quarter, for the caller's window to warm
     * up at the full rate. Both JITs start cold, and a cold server or generator offered the full
     * rate at once builds a backlog of seconds that takes longer to drain than a short warm-up
     * lasts; stepping up lets the compiled code arrive before the load does.
     */
    public Duration rampUp(double rate, Duration warmup) {
        Duration stage = warmup.dividedBy(RAMP_SHARES.length + 1);
        if (stage.isZero()) {
            return warmup;
        }
        for (double share : RAMP_SHARES) {
            window(Math.max(1, rate * share), stage, Duration.ZERO);
        }
        return stage;
    }

    /**
     * One window: {@code warmup} at {@code rate} (not counted), {@code duration} measured, then a
     * drain of up to the drain timeout for units still in flight; those left are errors.
     */
    public Window window(double rate, Duration warmup, Duration duration) {
        return window(rate, warmup, duration,
                (start, warmupEnd) -> new ScheduleDriver(new RateSchedule(start, rate, Long.MAX_VALUE), scenario, System::nanoTime));
    }

    /** Set-up, one closed-loop window ({@link #closedLoopWindow}), report files; returns the report. */
    public RunReport runClosedLoop() throws Exception {
        setup();
        return finish(closedLoopWindow(settings.warmup(), settings.duration()), null, List.of());
    }

    /**
     * One closed-loop window: the loop runs through {@code warmup} (not counted) and
     * {@code duration} (measured), then stops, and the drain waits for the units still in flight.
     * Its offered rate is 0: the load is whatever the loop sustains.
     */
    public Window closedLoopWindow(Duration warmup, Duration duration) {
        if (!(scenario instanceof ClosedLoop)) {
            throw new IllegalArgumentException(scenario.name() + " has no closed loop");
        }
        ClosedLoop loop = (ClosedLoop) scenario;
        return window(0, warmup, duration, (start, warmupEnd) -> new ClosedLoopDriver(loop, warmupEnd));
    }

    /** Makes a window's driver from the window's start and the end of its warm-up. */
    private interface DriverFactory {
        LoadDriver create(long startNanos, long warmupEndNanos);
    }

    private Window window(double rate, Duration warmup, Duration duration, DriverFactory drivers) {
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        long warmupEnd = start + warmup.toNanos();
        long end = warmupEnd + duration.toNanos();
        LoadDriver d = drivers.create(start, warmupEnd);
        RunStats.Snapshot atStart = in.stats.snapshot();
        in.driver(d);
        in.latency.countFrom(warmupEnd);
        in.phase(warmup.isZero() ? Phase.MEASURE : Phase.WARMUP);
        d.start(end);
        sleepUntil(warmupEnd);
        RunStats.Snapshot base = in.stats.snapshot();
        long lateBase = d.lateSends();
        ServerProbe.Sample before = in.sample();
        double generatorCpuBefore = GeneratorCpu.seconds();
        long measureStart = System.nanoTime();
        in.phase(Phase.MEASURE);
        d.join();
        double seconds = (System.nanoTime() - measureStart) / 1e9;
        RunStats.Snapshot atEnd = in.stats.snapshot();
        ServerProbe.Sample after = in.sample();
        double generatorCpu = GeneratorCpu.seconds() - generatorCpuBefore;
        in.phase(Phase.DRAIN);
        drain();
        RunStats.Snapshot drained = in.stats.snapshot().minus(base);
        in.latency.roll(true);
        in.phase(Phase.DONE);
        RunStats.Snapshot measured = atEnd.minus(base);
        return new Window(rate, seconds, measured.sent(), measured.received(), drained.received(), drained.errors(),
                drained.errorsByReason(), base.minus(atStart).errors(), in.latency.total(), in.latency.totalFromSend(),
                d.lateSends() - lateBase,
                d.maxLagNanos() / 1e6, before, after, generatorCpuBefore < 0 ? -1 : generatorCpu);
    }

    private void drain() {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (scenario.inFlight() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        long lost = scenario.abandonInFlight();
        in.stats.errors("no completion within the drain timeout", lost);
    }

    /** Builds the report from the final window (and any search steps) and writes its files. */
    public RunReport finish(Window w, Double maxRate, List<RunReport.Step> steps) throws IOException {
        in.ticker.close();
        Map<String, String> parameters = new LinkedHashMap<>(settings.describe());
        parameters.putAll(scenario.parameters());
        RunReport.Server server = RunReport.Server.between(settings.serverPids(), w.serverBefore().server(),
                w.serverAfter().server(), w.serverBefore().heapUsedBytes(), w.serverAfter().heapUsedBytes(),
                w.completedInWindow());
        RunReport.Server backend = settings.backendPids().isEmpty() ? null : RunReport.Server.between(settings.backendPids(),
                w.serverBefore().backend(), w.serverAfter().backend(), -1, -1, w.completedInWindow());
        RunReport report = new RunReport(scenario.name(), settings.label(), settings.target().httpUrl(settings.target().path()),
                in.startedAt, parameters, w.rate(), round(w.seconds()), w.sent(), w.completed(), round(w.throughput()),
                w.errors(), w.errorsByReason(), w.warmupErrors(), Reports.latency(w.latencyMicros()),
                Reports.latencyIfAny(w.fromSendMicros()),
                Reports.serverRelay(w.serverBefore().relay(), w.serverAfter().relay()),
                new RunReport.Schedule(w.lateSends(), round(w.maxBehindMs()), w.behind(), round(w.generatorCpuSeconds())), server, backend,
                scenario.extras(),
                maxRate, steps, Charts.percentileCurve(w.latencyMicros()), in.ticker.timeline());
        ReportWriter.write(settings.outDir(), report, w.latencyMicros(), w.fromSendMicros());
        settings.out().println(Reports.summaryLine(report, settings.outDir()));
        return report;
    }

    /** True when the scenario's connections survived the last window. */
    public boolean healthy() {
        return scenario.healthy();
    }

    /** Closes the scenario's connections and sets it up again (after a window broke some). */
    public void resetup() throws Exception {
        in.phase(Phase.SETUP);
        scenario.close();
        scenario.setup(in.context(settings));
    }

    static void sleepUntil(long deadline) {
        long now;
        while ((now = System.nanoTime()) < deadline) {
            LockSupport.parkNanos(Math.min(deadline - now, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    @Override
    public void close() {
        in.ticker.close();
        scenario.close();
        in.close();
    }
}
