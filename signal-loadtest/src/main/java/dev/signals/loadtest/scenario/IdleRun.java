package dev.signals.loadtest.scenario;

import dev.signals.loadtest.engine.Phase;
import dev.signals.loadtest.engine.RateSchedule;
import dev.signals.loadtest.engine.RunStats;
import dev.signals.loadtest.engine.ScheduleDriver;
import dev.signals.loadtest.engine.ServerProbe;
import dev.signals.loadtest.net.WsConn;
import dev.signals.loadtest.net.WsListener;
import dev.signals.loadtest.report.Charts;
import dev.signals.loadtest.report.ReportWriter;
import dev.signals.loadtest.report.Reports;
import dev.signals.loadtest.report.RunReport;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.file.Files;
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
 * connections held. With {@code --gc}, both heap samples are the live set after a full GC, and
 * {@code heap-by-class.md} attributes the growth per connection to classes.
 */
public final class IdleRun implements AutoCloseable {
    private final RunSettings settings;
    private final String path;
    private final double rampRate;
    private final Instruments in;
    private final WsConn[] conns;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile boolean closing;

    public IdleRun(RunSettings settings, String path, double rampRate) {
        this.settings = settings;
        this.path = path;
        this.rampRate = rampRate;
        this.in = new Instruments(settings);
        this.conns = new WsConn[settings.connections()];
    }

    public RunReport run() throws IOException {
        in.ticker.start();
        ServerProbe.Sample before = in.sample();
        in.phase(Phase.RAMP);
        in.latency.resetTotal();
        ScheduleDriver d = new ScheduleDriver(new RateSchedule(System.nanoTime(), rampRate, conns.length),
                this::open, System::nanoTime);
        in.driver(d);
        long rampStart = System.nanoTime();
        d.start(Long.MAX_VALUE);
        d.join();
        long deadline = System.nanoTime() + settings.connectTimeout().multipliedBy(3).toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        double rampSeconds = (System.nanoTime() - rampStart) / 1e9;
        int heldAfterRamp = in.stats.openConnections();
        Map<String, Long> rampErrors = in.stats.errorsByReason();
        settings.out().println("ramp done: " + heldAfterRamp + " of " + conns.length + " connections open; holding for "
                + settings.duration().toSeconds() + "s");
        in.phase(Phase.MEASURE);
        long holdEnd = System.nanoTime() + settings.duration().toNanos();
        while (System.nanoTime() < holdEnd) {
            LockSupport.parkNanos(Math.min(holdEnd - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100)));
        }
        int held = in.stats.openConnections();
        ServerProbe.Sample after = in.sample();
        in.phase(Phase.DONE);
        in.ticker.close();
        in.latency.roll(true);
        return report(before, after, held, heldAfterRamp, rampSeconds, d, rampErrors);
    }

    private void open(long index, long intendedNanos) {
        int i = (int) index;
        in.stats.sent();
        pending.incrementAndGet();
        in.connector.open(i, path, new Holder()).subscribe(c -> {
            conns[i] = c;
            in.stats.connectionOpened();
            in.stats.received();
            in.latency.record(intendedNanos, System.nanoTime());
            pending.decrementAndGet();
        }, e -> {
            in.stats.error("connect: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
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
        RunStats.Snapshot s = in.stats.snapshot();
        var hist = in.latency.total();
        RunReport.Server server = RunReport.Server.between(settings.serverPids(), before.server(), after.server(),
                before.heapUsedBytes(), after.heapUsedBytes(), -1);
        RunReport.Server backend = settings.backendPids().isEmpty() ? null
                : RunReport.Server.between(settings.backendPids(), before.backend(), after.backend(), -1, -1, -1);
        RunReport report = new RunReport("idle", settings.label(), settings.target().httpUrl(""), in.startedAt, parameters,
                rampRate, settings.duration().toMillis() / 1000.0, s.sent(), s.received(),
                Math.round(s.received() / Math.max(rampSeconds, 1e-3) * 1000) / 1000.0,
                s.errors(), s.errorsByReason(), 0, Reports.latency(hist),
                new RunReport.Schedule(d.lateSends(), d.maxLagNanos() / 1e6, d.lateSends() > conns.length * Window.BEHIND_SHARE),
                server, backend, extras, null, List.of(), Charts.percentileCurve(hist), in.ticker.timeline());
        ReportWriter.write(settings.outDir(), report, hist);
        if (held > 0 && before.live().totalBytes() >= 0 && after.live().totalBytes() >= 0) {
            Files.writeString(settings.outDir().resolve("heap-by-class.md"), after.live().growthTable(before.live(), held, 40));
        }
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
            in.stats.connectionClosed();
            if (!closing) {
                dropped.incrementAndGet();
                in.stats.error("connection closed by the server (" + code + " " + reason + ")");
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        in.ticker.close();
        ConnectionSet.closeAll(Arrays.asList(conns));
        in.close();
    }
}
