package dev.signals.core.call;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The seat semaphore of a standalone node (docs/call.md): a seat is held by a session and stamped
 * with its last acquire or renewal; it is stale once {@code now - stamp} exceeds
 * {@code --seat-timeout}, and stale seats are dropped before every decision. Each call's seats are
 * a plain map read and written only inside {@link ConcurrentHashMap#compute} on the call's key, so
 * every decision about one call is atomic while different calls never contend.
 */
public final class SeatTable {
    private final ConcurrentHashMap<String, Map<String, Long>> calls = new ConcurrentHashMap<>();
    private final AtomicInteger seats = new AtomicInteger();
    private final int seatCount;
    private final long timeoutMillis;
    private final Clock clock;

    /**
     * @param seatCount seats per call, 0 for no limit
     * @param seatTimeout a seat lapses this long after its last stamp; zero for never
     */
    public SeatTable(int seatCount, Duration seatTimeout, Clock clock) {
        this.seatCount = seatCount;
        this.timeoutMillis = seatTimeout.toMillis();
        this.clock = clock;
    }

    /**
     * Drops stale seats, then grants if the session already holds a seat or fewer than
     * {@code --seat-count} are held (0 means no limit), stamping the seat with now.
     */
    public boolean tryAcquire(String call, String session) {
        boolean[] granted = new boolean[1];
        calls.compute(call, (name, held) -> {
            long now = clock.millis();
            Map<String, Long> table = held == null ? new HashMap<>(4) : held;
            prune(table, now);
            if (table.containsKey(session) || seatCount <= 0 || table.size() < seatCount) {
                if (table.put(session, now) == null) {
                    seats.incrementAndGet();
                }
                granted[0] = true;
            }
            return table.isEmpty() ? null : table;
        });
        return granted[0];
    }

    /** Drops stale seats, then answers whether the session holds one. Does not renew. */
    public boolean isSeated(String call, String session) {
        boolean[] seated = new boolean[1];
        calls.computeIfPresent(call, (name, table) -> {
            prune(table, clock.millis());
            seated[0] = table.containsKey(session);
            return table.isEmpty() ? null : table;
        });
        return seated[0];
    }

    /** Drops stale seats, then refreshes the session's stamp if it still holds a seat; false when lost. */
    public boolean tryRenew(String call, String session) {
        boolean[] renewed = new boolean[1];
        calls.computeIfPresent(call, (name, table) -> {
            long now = clock.millis();
            prune(table, now);
            if (table.containsKey(session)) {
                table.put(session, now);
                renewed[0] = true;
            }
            return table.isEmpty() ? null : table;
        });
        return renewed[0];
    }

    /**
     * Drops stale seats of every call and forgets calls left empty, so abandoned calls do not
     * hold memory; the decisions above never depend on it having run.
     */
    public void sweep() {
        for (String call : calls.keySet()) {
            calls.computeIfPresent(call, (name, table) -> {
                prune(table, clock.millis());
                return table.isEmpty() ? null : table;
            });
        }
    }

    /** Calls with at least one seat (stale ones included until the next sweep). */
    public int callCount() {
        return calls.size();
    }

    /** Seats held over all calls (stale ones included until dropped). */
    public int seatCount() {
        return seats.get();
    }

    private void prune(Map<String, Long> table, long now) {
        if (timeoutMillis <= 0) {
            return;
        }
        for (Iterator<Long> it = table.values().iterator(); it.hasNext(); ) {
            if (now - it.next() > timeoutMillis) {
                it.remove();
                seats.decrementAndGet();
            }
        }
    }
}
