package dev.signals.loadtest.scenario;

import dev.signals.loadtest.engine.DirectMemoryWatch;
import dev.signals.loadtest.engine.LatencyRecorder;
import dev.signals.loadtest.net.WsConn;
import dev.signals.loadtest.net.WsConnector;
import dev.signals.loadtest.net.WsListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * {@code stalled-readers}: the stalled-reader attack of SECURITY.md "Memory budget" as a benchmark.
 * {@code pairs} rooms each hold an attacker and a reader that stops reading (but sends a room
 * {@code ping} every {@code stalledPing} so no read timeout saves the server); every attacker sends
 * {@code attackOffers} offers of {@code attackBytes} to its reader. Meanwhile an innocent pair in
 * a room of its own relays offers of {@code innocentBytes} at {@code innocentRate} per second,
 * whose latency from intended send to arrival is recorded, while the server's direct memory is
 * scraped for its peak. The attack runs on event loops of its own ({@code attackConnector}), so
 * the harness's own work for the flood (encoding and masking 236 MB) never delays the innocent
 * pair's sends or arrivals: what the innocent latency shows is the server's.
 */
public final class StalledReadersRun {
    /** The options of one run. */
    public record Options(int pairs, int attackOffers, int attackBytes, int innocentBytes, double innocentRate,
                          Duration duration, Duration stalledPing, String adminUrl) {
    }

    /** What the run saw. */
    public record Result(int innocentSent, int innocentReceived, int innocentRefused, boolean innocentOpen,
                         Histogram latency, long peakDirectBytes, long peakQueuedBytes, long scrapes,
                         Map<String, Integer> stalledCloses, int attackersClosed) {
    }

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private final WsConnector connector;
    private final WsConnector attackConnector;
    private final Options options;

    /** {@code connector} carries the innocent pair, {@code attackConnector} the stalled pairs. */
    public StalledReadersRun(WsConnector connector, WsConnector attackConnector, Options options) {
        this.connector = connector;
        this.attackConnector = attackConnector;
        this.options = options;
    }

    public Result run() throws InterruptedException {
        List<Peer[]> stalled = new ArrayList<>();
        for (int i = 0; i < options.pairs(); i++) {
            stalled.add(pair("stalled-" + i));
        }
        Peer sender = Peer.open(connector, 0);
        Peer receiver = Peer.open(connector, 1);
        together("innocent", sender, receiver);
        for (Peer[] p : stalled) {
            p[1].conn.pauseReading();
        }
        ScheduledExecutorService pings = Executors.newSingleThreadScheduledExecutor();
        long pingMs = options.stalledPing().toMillis();
        pings.scheduleAtFixedRate(() -> stalled.forEach(p -> p[1].conn.send("{\"type\":\"ping\"}")), pingMs, pingMs,
                TimeUnit.MILLISECONDS);
        int planned = (int) Math.max(1, Math.round(options.innocentRate() * options.duration().toMillis() / 1000.0));
        Innocent innocent = new Innocent(planned);
        receiver.onOffer = innocent::arrived;
        try (DirectMemoryWatch watch = new DirectMemoryWatch(options.adminUrl(), Duration.ofMillis(100)).start()) {
            List<Thread> floods = new ArrayList<>();
            String attackSdp = "a".repeat(options.attackBytes());
            for (Peer[] p : stalled) {
                // Encoded once: each send shares the bytes (the frame encoder masks into a copy).
                ByteBuf offer = Unpooled.unreleasableBuffer(
                        Unpooled.copiedBuffer(offer(p[1].clientId, attackSdp), StandardCharsets.UTF_8));
                Thread t = new Thread(() -> {
                    for (int i = 0; i < options.attackOffers(); i++) {
                        p[0].conn.send(offer.duplicate());
                    }
                }, "attacker");
                floods.add(t);
                t.start();
            }
            String padding = "y".repeat(options.innocentBytes());
            long start = System.nanoTime();
            for (int i = 0; i < planned; i++) {
                long intended = start + (long) (i * 1e9 / options.innocentRate());
                LockSupport.parkNanos(intended - System.nanoTime());
                innocent.intended.set(i, intended);
                sender.conn.send(offer(receiver.clientId, "innocent-" + i + "-" + padding));
            }
            long drainUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (innocent.received.get() + sender.busy.get() < planned && System.nanoTime() < drainUntil) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            for (Thread t : floods) {
                t.join(STEP_TIMEOUT.toMillis());
            }
            pings.shutdownNow();
            Map<String, Integer> closes = new ConcurrentHashMap<>();
            int attackersClosed = 0;
            for (Peer[] p : stalled) {
                String how = p[1].conn.isOpen() ? "still open" : p[1].conn.closeCode() + " " + p[1].conn.closeReason();
                closes.merge(how.trim(), 1, Integer::sum);
                attackersClosed += p[0].conn.isOpen() ? 0 : 1;
            }
            innocent.latency.roll(true);
            boolean open = sender.conn.isOpen() && receiver.conn.isOpen();
            return new Result(planned, (int) innocent.received.get(), sender.busy.get(), open, innocent.latency.total(),
                    watch.peakDirectBytes(),
                    watch.peakQueuedBytes(), watch.scrapes(), closes, attackersClosed);
        } finally {
            pings.shutdownNow();
        }
    }

    private Peer[] pair(String room) throws InterruptedException {
        Peer attacker = Peer.open(attackConnector, 0);
        Peer reader = Peer.open(attackConnector, 1);
        together(room, attacker, reader);
        return new Peer[] {attacker, reader};
    }

    /** {@code first} joins, then {@code second}: joins on two sockets have no order of their own. */
    private static void together(String room, Peer first, Peer second) throws InterruptedException {
        first.join(room);
        first.awaitType("joined");
        second.join(room);
        second.awaitType("joined");
        first.awaitType("new-client");
    }

    static String offer(String target, String sdp) {
        return "{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + target + "\",\"sdp\":\"" + sdp + "\"}}";
    }

    /** The innocent pair's bookkeeping: intended send time per offer, and latency on arrival. */
    private static final class Innocent {
        final AtomicLongArray intended;
        final AtomicLong received = new AtomicLong();
        final LatencyRecorder latency = new LatencyRecorder();

        Innocent(int planned) {
            intended = new AtomicLongArray(planned);
        }

        void arrived(String text) {
            long now = System.nanoTime();
            int at = text.indexOf("innocent-");
            if (at < 0) {
                return;
            }
            int end = text.indexOf('-', at + 9);
            int i = Integer.parseInt(text.substring(at + 9, end));
            latency.record(intended.get(i), now);
            received.incrementAndGet();
        }
    }

    /** One room client: its connection, its id, the message types it has seen, and an offer hook. */
    private static final class Peer implements WsListener {
        final LinkedBlockingQueue<String> types = new LinkedBlockingQueue<>(1024);
        /** Offers the server refused with {@code server busy} (SECURITY.md "Memory budget"). */
        final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
        volatile java.util.function.Consumer<String> onOffer = text -> { };
        WsConn conn;
        String clientId;

        static Peer open(WsConnector connector, int id) throws InterruptedException {
            Peer p = new Peer();
            p.conn = connector.open(id, "/connect", p).block(STEP_TIMEOUT.plus(STEP_TIMEOUT));
            RoomMessages.Message hello = p.await("notify-client-id");
            p.clientId = hello.text("client_id");
            return p;
        }

        void join(String room) {
            conn.send(RoomMessages.join(room));
        }

        void awaitType(String type) throws InterruptedException {
            await(type);
        }

        private RoomMessages.Message await(String type) throws InterruptedException {
            long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                String text = types.poll(100, TimeUnit.MILLISECONDS);
                if (text != null) {
                    RoomMessages.Message m = RoomMessages.parse(text);
                    if (m != null && m.type().equals(type)) {
                        return m;
                    }
                }
            }
            throw new IllegalStateException("no " + type + " within " + STEP_TIMEOUT.toSeconds() + "s");
        }

        @Override
        public void onText(WsConn c, ByteBuf utf8) {
            String text = utf8.toString(StandardCharsets.UTF_8);
            if (RoomMessages.isType(text, "offer")) {
                onOffer.accept(text);
            } else if (RoomMessages.isType(text, "error") && text.contains("server busy")) {
                busy.incrementAndGet();
            } else {
                types.offer(text);
            }
        }
    }

    /** The result as a Markdown table. */
    public static String markdown(Options o, Result r) {
        StringBuilder md = new StringBuilder("| metric | value |\n|---|---|\n");
        row(md, "stalled pairs × offers × bytes", o.pairs() + " × " + o.attackOffers() + " × " + o.attackBytes());
        row(md, "innocent offers sent / relayed / refused `server busy`", r.innocentSent() + " / " + r.innocentReceived()
                + " / " + r.innocentRefused());
        row(md, "innocent pair still connected", Boolean.toString(r.innocentOpen()));
        row(md, "innocent offer size (bytes), rate (/s)", o.innocentBytes() + ", " + o.innocentRate());
        row(md, "innocent latency p50 / p99 / max (ms)", String.format(Locale.ROOT, "%.1f / %.1f / %.1f",
                LatencyRecorder.millis(r.latency().getValueAtPercentile(50)),
                LatencyRecorder.millis(r.latency().getValueAtPercentile(99)),
                LatencyRecorder.millis(r.latency().getMaxValue())));
        row(md, "server direct memory peak (MiB)", String.format(Locale.ROOT, "%.1f", r.peakDirectBytes() / 1048576.0));
        row(md, "server queued outbound peak (MiB)", String.format(Locale.ROOT, "%.1f", r.peakQueuedBytes() / 1048576.0));
        row(md, "metrics scrapes", Long.toString(r.scrapes()));
        row(md, "stalled readers, how they ended (-1: closed, close frame unread)", r.stalledCloses().toString());
        row(md, "attackers closed", Integer.toString(r.attackersClosed()));
        return md.toString();
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
}
