package dev.signals.loadtest.scenario;

import dev.signals.loadtest.engine.LatencyRecorder;
import dev.signals.loadtest.engine.Phase;
import dev.signals.loadtest.engine.ProgressTicker;
import dev.signals.loadtest.engine.RateSchedule;
import dev.signals.loadtest.engine.RunStats;
import dev.signals.loadtest.engine.ScheduleDriver;
import dev.signals.loadtest.engine.ServerProbe;
import dev.signals.loadtest.net.WsConn;
import dev.signals.loadtest.net.WsConnector;
import dev.signals.loadtest.net.WsListener;
import dev.signals.loadtest.report.Charts;
import dev.signals.loadtest.report.ReportWriter;
import dev.signals.loadtest.report.Reports;
import dev.signals.loadtest.report.RunReport;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code idle}: opens N WebSockets on a fixed ramp schedule, holds them, and reports how many
 * were held, how many failed or were dropped, the connect latency (from each intended connect
 * time), and — given the server's pid and/or admin URL — its RSS and heap per connection: the
 * difference between a sample before the ramp and one at the end of the hold, divided by the
 * connections held. With {@code --gc}, both samples follow a full GC, so heap is the live set.
 */
public final class IdleRun implements AutoCloseable {
    private final RunSettings settings;
    private final String path;
    private final double rampRate;
    private final RunStats stats = new RunStats();
    private final LatencyRecorder latency = new LatencyRecorder();
    private final WsConnector connector;
    private final ServerProbe probe;
    private final ProgressTicker ticker;
    private final WsConn[] conns;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final String startedAt = Instant.now().toString();
    private volatile Phase phase = Phase.SETUP;
    private volatile ScheduleDriver driver;
    private volatile boolean closing;

    public IdleRun(RunSettings settings, String path, double rampRate) {
        this.settings = settings;
        this.path = path;
        this.rampRate = rampRate;
        this.connector = Connectors.open(settings);
        this.probe = new ServerProbe(settings.serverPid(), settings.adminUrl(), settings.gcBeforeSample());
        this.ticker = new ProgressTicker(stats, latency, () -> phase,
                () -> driver == null ? 0 : driver.intervalMaxLagNanos(), settings.out());
        this.conns = new WsConn[settings.connections()];
    }

    public RunReport run() throws IOException {
        ticker.start();
        ServerProbe.Sample before = probe.enabled() ? probe.sample() : ServerProbe.Sample.NONE;
        phase = Phase.RAMP;
        latency.resetTotal();
        ScheduleDriver d = new ScheduleDriver(new RateSchedule(System.nanoTime(), rampRate, conns.length),
                this::open, System::nanoTime);
        driver = d;
        long rampStart = System.nanoTime();
        d.start(Long.MAX_VALUE);
        d.join();
        long deadline = System.nanoTime() + settings.connectTimeout().multipliedBy(3).toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        double rampSeconds = (System.nanoTime() - rampStart) / 1e9;
        int heldAfterRamp = stats.openConnections();
        Map<String, Long> rampErrors = stats.errorsByReason();
        settings.out().println("ramp done: " + heldAfterRamp + " of " + conns.length + " connections open; holding for "
                + settings.duration().toSeconds() + "s");
        phase = Phase.MEASURE;
        long holdEnd = System.nanoTime() + settings.duration().toNanos();
        while (System.nanoTime() < holdEnd) {
            LockSupport.parkNanos(Math.min(holdEnd - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100)));
        }
        int held = stats.openConnections();
        ServerProbe.Sample after = probe.enabled() ? probe.sample() : ServerProbe.Sample.NONE;
        phase = Phase.DONE;
        ticker.close();
        latency.roll(true);
        return report(before, after, held, heldAfterRamp, rampSeconds, d, rampErrors);
    }

    private void open(long index, long intendedNanos) {
        int i = (int) index;
        stats.sent();
        pending.incrementAndGet();
        connector.open(i, path, new Holder()).subscribe(c -> {
            conns[i] = c;
            stats.connectionOpened();
            stats.received();
            latency.record(intendedNanos, System.nanoTime());
            pending.decrementAndGet();
        }, e -> {
            stats.error("connect: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
            pending.decrementAndGet();
        });
    }

    private RunReport report(ServerProbe.Sample before, ServerProbe.Sample after, int held, int heldAfterRamp,
                             double rampSeconds, ScheduleDriver d, Map<String, Long> rampErrors) throws IOException {
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("connections requested", conns.length);
        extras.put("connections held after ramp", heldAfterRamp);
        extras.put("connections held at end", held);
        extras.put("connect failures", rampErrors.values().stream().mapToLong(Long::longValue).sum());
        extras.put("dropped during hold", dropped.get());
        if (held > 0 && before.rssBytes() >= 0 && after.rssBytes() >= 0) {
            extras.put("server RSS per connection (bytes)", (after.rssBytes() - before.rssBytes()) / (double) held);
        }
        if (held > 0 && before.heapUsedBytes() >= 0 && after.heapUsedBytes() >= 0) {
            double perConn = (after.heapUsedBytes() - before.heapUsedBytes()) / (double) held;
            extras.put("server heap per connection (bytes)", perConn);
            extras.put("projected heap at 100k connections (MiB)", (before.heapUsedBytes() + perConn * 100_000) / 1048576.0);
        }
        Map<String, String> parameters = new LinkedHashMap<>(settings.describe());
        parameters.remove("rate");
        parameters.remove("warmup");
        parameters.remove("message-size");
        parameters.put("ramp-rate", Double.toString(rampRate));
        parameters.put("path", path);
        parameters.put("gc before samples", Boolean.toString(settings.gcBeforeSample()));
        RunStats.Snapshot s = stats.snapshot();
        var hist = latency.total();
        RunReport.Server server = new RunReport.Server(settings.serverPid(),
                before.cpuSeconds() >= 0 ? after.cpuSeconds() - before.cpuSeconds() : -1, -1,
                before.rssBytes(), after.rssBytes(), before.heapUsedBytes(), after.heapUsedBytes());
        RunReport report = new RunReport("idle", settings.label(), settings.target().httpUrl(""), startedAt, parameters,
                rampRate, settings.duration().toMillis() / 1000.0, s.sent(), s.received(),
                Math.round(s.received() / Math.max(rampSeconds, 1e-3) * 1000) / 1000.0,
                s.errors(), s.errorsByReason(), 0, Reports.latency(hist),
                new RunReport.Schedule(d.lateSends(), d.maxLagNanos() / 1e6, d.lateSends() > conns.length * Window.BEHIND_SHARE),
                server, extras, null, List.of(), Charts.percentileCurve(hist), ticker.timeline());
        ReportWriter.write(settings.outDir(), report, hist);
        settings.out().println(Reports.summaryLine(report, settings.outDir()));
        return report;
    }

    /** Holds a connection without reading anything into it; a close it did not ask for is a drop. */
    private final class Holder implements WsListener {
        @Override
        public void onText(WsConn conn, ByteBuf utf8) {
            // Keep-alive pings and notices are expected; idle clients do not answer them.
        }

        @Override
        public void onClosed(WsConn conn, int code, String reason) {
            stats.connectionClosed();
            if (!closing) {
                dropped.incrementAndGet();
                stats.error("connection closed by the server (" + code + " " + reason + ")");
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        ticker.close();
        ConnectionSet.closeAll(Arrays.asList(conns));
        connector.close();
    }
}
