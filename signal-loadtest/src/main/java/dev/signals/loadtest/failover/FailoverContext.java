package dev.signals.loadtest.failover;

import dev.signals.loadtest.net.WsConnector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * What a dialect's {@link FailoverTraffic} may use of its run: the clients (client {@code 2p}
 * and {@code 2p+1} form pair {@code p}), one {@link DirectionLedger} per sender, the nodes, and
 * the counters the report shows. Messages carry their number as {@code failover <n>} in their
 * SDP or candidate text ({@link #numbered}, {@link #numberIn}).
 */
final class FailoverContext {
    private static final String MARK = "failover ";

    final FailoverSettings settings;
    final String runId = Long.toString(System.nanoTime() & 0xFFFFFFFFFFL, 36);
    /** Filler that brings a message to about {@code --message-size} bytes; only {@code x}, so safe in JSON. */
    final String padding;
    private final List<WsConnector> nodes;
    private final ResumableClient[] clients;
    private final DirectionLedger[] ledgers;
    private final AtomicLong notSent = new AtomicLong();
    private final AtomicLong leaves = new AtomicLong();
    private final Map<String, Long> serverErrors = new ConcurrentHashMap<>();

    FailoverContext(FailoverSettings settings, List<WsConnector> nodes) {
        this.settings = settings;
        this.nodes = List.copyOf(nodes);
        this.clients = new ResumableClient[settings.pairs() * 2];
        this.ledgers = new DirectionLedger[clients.length];
        for (int i = 0; i < ledgers.length; i++) {
            ledgers[i] = new DirectionLedger();
        }
        this.padding = "x".repeat(Math.max(0, settings.messageSize() - 80));
    }

    int clientCount() {
        return clients.length;
    }

    ResumableClient client(int i) {
        return clients[i];
    }

    void setClient(int i, ResumableClient c) {
        clients[i] = c;
    }

    /** The numbers sent by {@code sender} to its partner. */
    DirectionLedger ledger(int sender) {
        return ledgers[sender];
    }

    List<WsConnector> nodes() {
        return nodes;
    }

    /** Index of the node client {@code i} opens its session on: the pair's two members on different nodes. */
    int firstNode(int i) {
        return (i / 2 + i % 2) % nodes.size();
    }

    /** A message was not sent because its sender's session had expired (or its queue was full). */
    void notSent() {
        notSent.incrementAndGet();
    }

    long notSentCount() {
        return notSent.get();
    }

    /** A peer was told its partner left (a resumed session must cause none). */
    void leaveSeen() {
        leaves.incrementAndGet();
    }

    long leavesSeen() {
        return leaves.get();
    }

    /** The server answered with an error frame or an HTTP error, named by its text. */
    void serverError(String reason) {
        serverErrors.merge(reason, 1L, Long::sum);
    }

    Map<String, Long> serverErrors() {
        return new TreeMap<>(serverErrors);
    }

    /** How long set-up steps may take for this many clients on a loaded machine. */
    Duration setupWait() {
        return settings.connectTimeout().plusSeconds(10 + clients.length / 500);
    }

    static String numbered(long n) {
        return MARK + n;
    }

    /** The number after {@code failover } in {@code text}, or -1. */
    static long numberIn(String text) {
        int at = text.indexOf(MARK);
        if (at < 0) {
            return -1;
        }
        int from = at + MARK.length();
        int to = from;
        while (to < text.length() && Character.isDigit(text.charAt(to)) && to - from < 18) {
            to++;
        }
        return to == from ? -1 : Long.parseLong(text.substring(from, to));
    }

    static void require(BooleanSupplier condition, Duration wait, String failure) {
        if (!await(condition, wait)) {
            throw new IllegalStateException(failure + " within " + wait.toSeconds() + " s");
        }
    }

    static boolean await(BooleanSupplier condition, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return true;
    }
}
