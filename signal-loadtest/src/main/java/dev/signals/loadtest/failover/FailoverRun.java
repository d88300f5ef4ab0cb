package dev.signals.loadtest.failover;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signals.loadtest.engine.Durations;
import dev.signals.loadtest.engine.RateSchedule;
import dev.signals.loadtest.engine.ScheduleDriver;
import dev.signals.loadtest.net.Target;
import dev.signals.loadtest.net.WsConnector;
import dev.signals.loadtest.report.ReportWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code failover}: pairs of clients relay numbered messages over resumable sessions
 * (docs/resume.md) across two or more nodes at a fixed rate; one node is killed mid-run; the
 * clients on it resume on another node. Every message's number is accounted for per pair and
 * direction ({@link DirectionLedger}), each resume is timed ({@link ResumeTimes}). Client
 * {@code 2p} and {@code 2p+1} form pair {@code p}, on different nodes, so every pair crosses
 * the backplane and loses one member's node when any node dies. What a pair is and how a message
 * travels is the dialect's ({@link FailoverTraffic}); the rest is the same for every dialect.
 */
public final class FailoverRun implements AutoCloseable {
    private final FailoverSettings s;
    private final List<WsConnector> connectors = new ArrayList<>();
    private final List<ScheduledExecutorService> lanes = new ArrayList<>();
    private final FailoverContext ctx;
    private final FailoverTraffic traffic;
    private final ResumeTimes resumes = new ResumeTimes();
    private final AtomicLong replayed = new AtomicLong();
    /** Sends handed to a client's lane that have not numbered their message yet. */
    private final AtomicLong firing = new AtomicLong();
    private final Map<String, Long> expired = new ConcurrentHashMap<>();

    public FailoverRun(FailoverSettings settings) {
        this.s = settings;
        // The HTTP dialects post at most one message per client at a time (OrderedPoster): one pooled connection each.
        int httpConnections = settings.dialect() == FailoverDialect.ROOM ? 1 : Math.min(512, settings.pairs() * 2);
        for (String t : settings.targets()) {
            connectors.add(new WsConnector(Target.parse(t), List.of(), 1, 1 << 20, settings.connectTimeout(), httpConnections));
        }
        for (int i = 0; i < Math.max(1, settings.threads()); i++) {
            lanes.add(Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "failover-lane");
                t.setDaemon(true);
                return t;
            }));
        }
        this.ctx = new FailoverContext(settings, connectors);
        this.traffic = settings.dialect().traffic(ctx);
    }

    /** Set-up, the relay with the kill in it, the drain; writes the report files and returns the report. */
    public FailoverReport run() throws Exception {
        setup();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        long end = start + s.duration().toNanos();
        ScheduleDriver driver = new ScheduleDriver(new RateSchedule(start, s.rate(), Long.MAX_VALUE), this::fire, System::nanoTime);
        driver.start(end);
        sleepUntil(start + s.killAfter().toNanos());
        long killedAt = System.nanoTime();
        s.killer().kill();
        s.out().println("killed a node: " + s.killer().describe());
        driver.join();
        // The driver hands each send to its client's lane: the last ones may not have numbered
        // their message yet, and a ledger without it would look complete.
        FailoverContext.await(() -> {
            if (firing.get() > 0) {
                return false;
            }
            for (int i = 0; i < ctx.clientCount(); i++) {
                if (!ctx.ledger(i).complete()) {
                    return false;
                }
            }
            return true;
        }, s.drainTimeout());
        FailoverReport report = report((killedAt - start) / 1e9);
        Files.createDirectories(s.outDir());
        ReportWriter.mapper().writeValue(s.outDir().resolve(ReportWriter.JSON).toFile(), report);
        Files.writeString(s.outDir().resolve(ReportWriter.MARKDOWN), report.markdown(), StandardCharsets.UTF_8);
        s.out().println(report.summaryLine());
        return report;
    }

    private void setup() {
        traffic.prepare();
        Events events = new Events();
        for (int i = 0; i < ctx.clientCount(); i++) {
            ResumableClient c = new ResumableClient(i, connectors, ctx.firstNode(i), traffic.path(i),
                    lanes.get(i % lanes.size()), events);
            ctx.setClient(i, c);
            c.start();
        }
        traffic.setUp();
        s.out().println("setup: " + s.pairs() + " pairs over " + connectors.size() + " nodes, sessions open");
    }

    /** Send {@code index} goes from client {@code index mod 2N} to its pair partner, numbered per direction. */
    private void fire(long index, long intendedNanos) {
        int sender = (int) (index % ctx.clientCount());
        firing.incrementAndGet();
        ctx.client(sender).execute(() -> {
            traffic.fire(sender);
            firing.decrementAndGet();
        });
    }

    private FailoverReport report(double killedAtSeconds) {
        Tally total = Tally.ZERO;
        List<FailoverReport.PairLoss> inexact = new ArrayList<>();
        for (int i = 0; i < ctx.clientCount(); i++) {
            Tally t = ctx.ledger(i).tally();
            total = total.plus(t);
            if (!t.exact() && inexact.size() < 50) {
                DirectionLedger ledger = ctx.ledger(i);
                inexact.add(new FailoverReport.PairLoss(i / 2, traffic.direction(i), t, ledger.missing(false), ledger.missing(true)));
            }
        }
        Map<String, String> p = new LinkedHashMap<>(traffic.parameters());
        p.put("pairs", Integer.toString(s.pairs()));
        p.put("rate", Double.toString(s.rate()));
        p.put("duration", Durations.format(s.duration()));
        p.put("kill-after", Durations.format(s.killAfter()));
        p.put("drain-timeout", Durations.format(s.drainTimeout()));
        p.put("message-size", Integer.toString(s.messageSize()));
        long expiredCount = expired.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> errors = ctx.serverErrors();
        return new FailoverReport(s.label(), s.dialect().label(), s.targets(), p, s.killer().describe(),
                Math.round(killedAtSeconds * 10) / 10.0, total, ctx.notSentCount(), ctx.clientCount(), resumes.count(),
                resumes.percentileMs(50), resumes.percentileMs(99), resumes.maxMs(), replayed.get(), expiredCount,
                new TreeMap<>(expired), ctx.leavesSeen(), errors.values().stream().mapToLong(Long::longValue).sum(), errors,
                inexact);
    }

    /** What each client reports: its dialect frames go to the traffic, resumes and expiries to the run's counts. */
    private final class Events implements ResumableClient.Events {
        @Override
        public void onMessage(ResumableClient client, JsonNode frame) {
            traffic.onMessage(client, frame);
        }

        @Override
        public void onResumed(ResumableClient client, long lostAtNanos, long resumedAtNanos, long replayedFrames) {
            resumes.record(lostAtNanos, resumedAtNanos);
            replayed.addAndGet(replayedFrames);
            traffic.onResumed(client);
        }

        @Override
        public void onExpired(ResumableClient client, String why) {
            expired.merge(why, 1L, Long::sum);
        }
    }

    private static void sleepUntil(long deadline) {
        long now;
        while ((now = System.nanoTime()) < deadline) {
            LockSupport.parkNanos(Math.min(deadline - now, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (int i = 0; i < ctx.clientCount(); i++) {
            ResumableClient c = ctx.client(i);
            if (c != null) {
                closing.add(c.close(Duration.ofSeconds(2)));
            }
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // a close that did not finish is dropped with the loops below
        }
        lanes.forEach(ScheduledExecutorService::shutdownNow);
        connectors.forEach(WsConnector::close);
    }
}
