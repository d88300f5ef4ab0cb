package dev.signals.server.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Members of one room relaying to each other at a fixed rate while something fails underneath:
 * every period each member sends every other member one ICE candidate {@code "<from>><to>#<round>"}.
 * A reader per member checks each frame as it arrives — addressed to that member, from the member
 * it names, rounds rising per sender (in order, never twice) — and records anything else as a
 * violation; refused sends count separately, as the documented backend error (docs/room.md).
 */
public final class RoomRelay implements AutoCloseable {
    private static final Pattern CANDIDATE = Pattern.compile(
            "\\{\"type\":\"ice-candidate\",\"payload\":\\{\"candidate\":\"(\\d+)>(\\d+)#(\\d+)\",\"client_id\":\"(\\w+)\",\"sdpMLineIndex\":0,\"sdpMid\":\"0\"}}");
    private static final String REFUSED = RoomPeer.error("failed to transfer ice candidate");
    /** The server's keep-alive (docs/room.md), sent whatever else happens. */
    private static final String PING = "{\"type\":\"ping\"}";

    private final List<RoomPeer> members;
    private final Duration period;
    private final AtomicLong round = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    /** Per "from>to": the last round received and when. */
    private final Map<String, long[]> last = new ConcurrentHashMap<>();
    /** Per "from>to": the longest time between two receipts, in nanoseconds. */
    private final Map<String, Long> longestGap = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean sending = true;
    private volatile boolean reading = true;

    private RoomRelay(List<RoomPeer> members, Duration period) {
        this.members = List.copyOf(members);
        this.period = period;
    }

    /** Starts relaying among {@code members} (already in one room) every {@code period}. */
    public static RoomRelay start(List<RoomPeer> members, Duration period) {
        RoomRelay relay = new RoomRelay(members, period);
        for (int i = 0; i < members.size(); i++) {
            int me = i;
            relay.thread("relay-reader-" + i, () -> relay.read(me));
        }
        relay.thread("relay-sender", relay::send);
        return relay;
    }

    private void thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void send() {
        long next = System.nanoTime();
        while (sending) {
            long n = round.incrementAndGet();
            try {
                for (int from = 0; from < members.size(); from++) {
                    for (int to = 0; to < members.size(); to++) {
                        if (from != to) {
                            members.get(from).candidate(members.get(to), from + ">" + to + "#" + n, 0);
                        }
                    }
                }
            } catch (Exception e) {
                violations.add("send failed: " + e);
                return;
            }
            next += period.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                sleep(Duration.ofNanos(wait));
            }
        }
    }

    private void read(int me) {
        RoomPeer peer = members.get(me);
        while (reading) {
            String frame;
            try {
                frame = peer.poll(Duration.ofMillis(100));
            } catch (InterruptedException e) {
                return;
            } catch (AssertionError e) {
                violations.add("member " + me + ": " + e.getMessage());
                return;
            }
            if (frame == null) {
                continue;
            }
            if (frame.equals(PING)) {
                continue;
            }
            if (frame.equals(REFUSED)) {
                refused.incrementAndGet();
                continue;
            }
            Matcher m = CANDIDATE.matcher(frame);
            if (!m.matches()) {
                violations.add("member " + me + " got " + frame);
                continue;
            }
            int from = Integer.parseInt(m.group(1));
            int to = Integer.parseInt(m.group(2));
            long n = Long.parseLong(m.group(3));
            if (to != me || from >= members.size() || !members.get(from).id().equals(m.group(4))) {
                violations.add("misrouted to member " + me + ": " + frame);
                continue;
            }
            long now = System.nanoTime();
            long[] before = last.get(from + ">" + to);
            if (before != null && n <= before[0]) {
                violations.add("member " + me + " got round " + n + " from " + from + " after round " + before[0]);
            }
            if (before != null) {
                longestGap.merge(from + ">" + to, now - before[1], Math::max);
            }
            last.put(from + ">" + to, new long[] {n, now});
        }
    }

    /** The round being sent now: every round after it is sent after this call. */
    public long round() {
        return round.get();
    }

    /** When, after an outage, the nodes were ready again and every pair relayed again. */
    public record Recovery(long readyNanos, long relayingNanos) {
    }

    /**
     * After an outage: waits until every node is ready, then until every pair relays a round
     * sent after that, stops the relay, and asserts that nothing arrived out of order or twice.
     */
    public Recovery awaitRecovered(List<TestNode> nodes, Duration wait) throws Exception {
        for (TestNode node : nodes) {
            node.awaitReady(wait);
        }
        long ready = System.nanoTime();
        awaitEveryPairPast(round(), wait);
        long relaying = System.nanoTime();
        close();
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), violations());
        return new Recovery(ready, relaying);
    }

    /** Waits until every member has received from every other a round later than {@code after}. */
    public void awaitEveryPairPast(long after, Duration wait) throws InterruptedException {
        List<String> pairs = new ArrayList<>();
        for (int from = 0; from < members.size(); from++) {
            for (int to = 0; to < members.size(); to++) {
                if (from != to) {
                    pairs.add(from + ">" + to);
                }
            }
        }
        awaitPairsPast(pairs, after, wait);
    }

    /** Waits until, for each of {@code pairs} ("from>to"), a round later than {@code after} arrived. */
    public void awaitPairsPast(List<String> pairs, long after, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<String> behind = new ArrayList<>();
            for (String pair : pairs) {
                long[] seen = last.get(pair);
                if (seen == null || seen[0] <= after) {
                    behind.add(pair);
                }
            }
            if (behind.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no round after " + after + " arrived for " + behind + " within " + wait
                        + "; violations: " + violations);
            }
            Thread.sleep(20);
        }
    }

    /** The longest silence between two receipts for any pair of {@code pairs} ("from>to"). */
    public Duration longestGap(List<String> pairs) {
        return Duration.ofNanos(pairs.stream().mapToLong(p -> longestGap.getOrDefault(p, 0L)).max().orElse(0));
    }

    /** Sends refused with the documented backend error. */
    public long refused() {
        return refused.get();
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    /**
     * Stops sending, lets what is in flight arrive (until a quarter second passes quietly), and
     * stops the readers, so the members can be read directly again.
     */
    @Override
    public void close() throws InterruptedException {
        sending = false;
        threads.get(threads.size() - 1).join(5_000);
        long quiet = System.nanoTime();
        Map<String, Long> seen = Map.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() - quiet < Duration.ofMillis(250).toNanos() && System.nanoTime() < deadline) {
            Map<String, Long> now = new java.util.HashMap<>();
            last.forEach((k, v) -> now.put(k, v[0]));
            if (!now.equals(seen)) {
                seen = now;
                quiet = System.nanoTime();
            }
            Thread.sleep(20);
        }
        reading = false;
        for (Thread t : threads) {
            t.join(5_000);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
