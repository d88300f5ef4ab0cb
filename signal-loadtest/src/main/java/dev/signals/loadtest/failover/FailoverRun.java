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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * {@code failover}: room pairs relay numbered messages over resumable sessions
 * (docs/resume.md) across two or more nodes at a fixed rate; one node is killed mid-run; the
 * clients on it resume on another node. Every message's number is accounted for per pair and
 * direction ({@link DirectionLedger}), each resume is timed ({@link ResumeTimes}). Client
 * {@code 2p} and {@code 2p+1} form pair {@code p}, on different nodes, so every pair crosses
 * the backplane and loses one member's node when any node dies.
 */
public final class FailoverRun implements AutoCloseable {
    private static final String MARK = "failover ";

    private final FailoverSettings s;
    private final List<WsConnector> connectors = new ArrayList<>();
    private final List<ScheduledExecutorService> lanes = new ArrayList<>();
    private final ResumableClient[] clients;
    private final AtomicReferenceArray<String> clientIds;
    private final DirectionLedger[] ledgers;
    private final String runId = Long.toString(System.nanoTime() & 0xFFFFFFFFFFL, 36);
    private final String padding;
    private final ResumeTimes resumes = new ResumeTimes();
    private final AtomicInteger joined = new AtomicInteger();
    private final AtomicInteger newClients = new AtomicInteger();
    private final AtomicLong notSent = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong leaves = new AtomicLong();
    private final Map<String, Long> expired = new ConcurrentHashMap<>();
    private final Map<String, Long> serverErrors = new ConcurrentHashMap<>();

    public FailoverRun(FailoverSettings settings) {
        this.s = settings;
        int n = settings.pairs() * 2;
        this.clients = new ResumableClient[n];
        this.clientIds = new AtomicReferenceArray<>(n);
        this.ledgers = new DirectionLedger[n];
        this.padding = "x".repeat(Math.max(0, settings.messageSize() - 80));
        for (String t : settings.targets()) {
            connectors.add(new WsConnector(Target.parse(t), List.of(), 1, 1 << 20, settings.connectTimeout(), 1));
        }
        for (int i = 0; i < Math.max(1, settings.threads()); i++) {
            lanes.add(Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "failover-lane");
                t.setDaemon(true);
                return t;
            }));
        }
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
        await(() -> {
            for (DirectionLedger l : ledgers) {
                if (!l.complete()) {
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
        int nodes = s.targets().size();
        Events events = new Events();
        for (int i = 0; i < clients.length; i++) {
            ledgers[i] = new DirectionLedger();
            int pair = i / 2;
            clients[i] = new ResumableClient(i, connectors, (pair + i % 2) % nodes, s.path(), lanes.get(i % lanes.size()), events);
            clients[i].start();
        }
        Duration wait = s.connectTimeout().plusSeconds(10 + clients.length / 500);
        require(() -> {
            for (int i = 0; i < clientIds.length(); i++) {
                if (clientIds.get(i) == null) {
                    return false;
                }
            }
            return true;
        }, wait, "not every client opened a session and received notify-client-id");
        // Members join one side at a time; a join is complete once the room told the other member.
        for (int side = 0; side < 2; side++) {
            for (int i = side; i < clients.length; i += 2) {
                String join = "{\"type\":\"join\",\"payload\":{\"room_id\":\"fo-" + runId + "-" + i / 2 + "\"}}";
                ResumableClient c = clients[i];
                c.execute(() -> c.send(join));
            }
            int joinedWanted = (side + 1) * s.pairs();
            require(() -> joined.get() >= joinedWanted, wait, "not every client was told it joined");
        }
        require(() -> newClients.get() >= s.pairs(), wait, "not every first member was told of its peer");
        s.out().println("setup: " + s.pairs() + " pairs over " + nodes + " nodes, sessions open");
    }

    /** Send {@code index} goes from client {@code index mod 2N} to its pair partner, numbered per direction. */
    private void fire(long index, long intendedNanos) {
        int sender = (int) (index % clients.length);
        ResumableClient c = clients[sender];
        String to = clientIds.get(sender ^ 1);
        DirectionLedger ledger = ledgers[sender];
        c.execute(() -> {
            if (!c.live()) {
                notSent.incrementAndGet();
                return;
            }
            long k = ledger.issue();
            c.send("{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + to + "\",\"sdp\":\"v=0\\r\\n" + MARK + k
                    + "\\r\\na=" + padding + "\"}}");
        });
    }

    private FailoverReport report(double killedAtSeconds) {
        Tally total = Tally.ZERO;
        List<FailoverReport.PairLoss> inexact = new ArrayList<>();
        for (int i = 0; i < ledgers.length; i++) {
            Tally t = ledgers[i].tally();
            total = total.plus(t);
            if (!t.exact() && inexact.size() < 50) {
                inexact.add(new FailoverReport.PairLoss(i / 2, i % 2 == 0 ? "first to second" : "second to first", t));
            }
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("path", s.path());
        p.put("pairs", Integer.toString(s.pairs()));
        p.put("rate", Double.toString(s.rate()));
        p.put("duration", Durations.format(s.duration()));
        p.put("kill-after", Durations.format(s.killAfter()));
        p.put("drain-timeout", Durations.format(s.drainTimeout()));
        p.put("message-size", Integer.toString(s.messageSize()));
        long expiredCount = expired.values().stream().mapToLong(Long::longValue).sum();
        return new FailoverReport(s.label(), s.targets(), p, s.killer().describe(), Math.round(killedAtSeconds * 10) / 10.0,
                total, notSent.get(), clients.length, resumes.count(), resumes.percentileMs(50), resumes.percentileMs(99),
                resumes.maxMs(), replayed.get(), expiredCount, new TreeMap<>(expired), leaves.get(),
                serverErrors.values().stream().mapToLong(Long::longValue).sum(), new TreeMap<>(serverErrors), inexact);
    }

    /** The relayed messages' numbers and the room's control messages, as they arrive on each client. */
    private final class Events implements ResumableClient.Events {
        @Override
        public void onMessage(ResumableClient client, JsonNode frame) {
            String type = frame.path("type").asText("");
            JsonNode payload = frame.path("payload");
            switch (type) {
                case "offer" -> ledgers[client.id() ^ 1].received(numberIn(payload.path("sdp").asText("")));
                case "notify-client-id" -> clientIds.set(client.id(), payload.path("client_id").asText(null));
                case "joined" -> joined.incrementAndGet();
                case "new-client" -> newClients.incrementAndGet();
                case "leave-client" -> leaves.incrementAndGet();
                case "error" -> serverErrors.merge(payload.isObject() ? payload.path("error").asText() : payload.asText(), 1L, Long::sum);
                default -> { } // ping and the like carry nothing to count
            }
        }

        @Override
        public void onResumed(ResumableClient client, long lostAtNanos, long resumedAtNanos, long replayedFrames) {
            resumes.record(lostAtNanos, resumedAtNanos);
            replayed.addAndGet(replayedFrames);
        }

        @Override
        public void onExpired(ResumableClient client, String why) {
            expired.merge(why, 1L, Long::sum);
        }
    }

    /** The number after {@code failover } in a relayed SDP, or -1. */
    static long numberIn(String sdp) {
        int at = sdp.indexOf(MARK);
        if (at < 0) {
            return -1;
        }
        int from = at + MARK.length();
        int to = from;
        while (to < sdp.length() && Character.isDigit(sdp.charAt(to)) && to - from < 18) {
            to++;
        }
        return to == from ? -1 : Long.parseLong(sdp.substring(from, to));
    }

    private static void require(BooleanSupplier condition, Duration wait, String failure) {
        if (!await(condition, wait)) {
            throw new IllegalStateException(failure + " within " + wait.toSeconds() + " s");
        }
    }

    private static boolean await(BooleanSupplier condition, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return true;
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
        for (ResumableClient c : clients) {
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
