package dev.signals.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Well-behaved room clients: pairs in their own rooms, each sender offering to its partner at a
 * steady rate under the limit with its send time in the SDP, each receiver recording arrival minus
 * send time. Measures relay latency as a client sees it, over real sockets.
 */
final class RelayPairs implements AutoCloseable {
    private static final Pattern NOTIFY = Pattern.compile("\\{\"type\":\"notify-client-id\",\"payload\":\\{\"client_id\":\"([0-9a-v]{20})\"}}");
    private static final Pattern RELAYED = Pattern.compile("\\{\"type\":\"offer\",\"payload\":\\{\"client_id\":\"[0-9a-v]{20}\",\"sdp\":\"t(\\d+)\"}}");

    private final List<WsTestClient[]> pairs = new ArrayList<>();
    private final List<String> receiverIds = new ArrayList<>();
    private final AtomicInteger errors = new AtomicInteger();
    private final Duration interval;

    private RelayPairs(Duration interval) {
        this.interval = interval;
    }

    /** {@code count} pairs, each sender offering once every {@code interval}. */
    static RelayPairs open(TestNode node, int count, Duration interval) throws IOException, InterruptedException {
        RelayPairs p = new RelayPairs(interval);
        for (int i = 0; i < count; i++) {
            WsTestClient sender = node.ws("/connect");
            WsTestClient receiver = node.ws("/connect");
            sender.nextText();
            String receiverId = idOf(receiver);
            String room = "good-" + i;
            receiver.sendText("{\"type\":\"join\",\"payload\":{\"room_id\":\"" + room + "\"}}");
            receiver.nextText(); // joined
            sender.sendText("{\"type\":\"join\",\"payload\":{\"room_id\":\"" + room + "\"}}");
            sender.nextText(); // joined
            receiver.nextText(); // new-client
            p.pairs.add(new WsTestClient[] {sender, receiver});
            p.receiverIds.add(receiverId);
        }
        return p;
    }

    /** Reads the {@code notify-client-id} frame every new room client gets first. */
    static String idOf(WsTestClient ws) throws InterruptedException {
        Matcher m = NOTIFY.matcher(ws.nextText());
        assertTrue(m.matches());
        return m.group(1);
    }

    /** Runs every pair for {@code period}; returns each message's latency in nanoseconds. */
    List<Long> measure(Duration period) throws InterruptedException {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        int perPair = (int) (period.toMillis() / interval.toMillis());
        for (int i = 0; i < pairs.size(); i++) {
            WsTestClient sender = pairs.get(i)[0];
            WsTestClient receiver = pairs.get(i)[1];
            String target = receiverIds.get(i);
            threads.add(new Thread(() -> send(sender, target, perPair), "good-sender-" + i));
            threads.add(new Thread(() -> receive(receiver, perPair, latencies), "good-receiver-" + i));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(period.toMillis() + 10_000);
        }
        assertEquals(perPair * pairs.size(), latencies.size(), "every message arrived");
        return new ArrayList<>(latencies);
    }

    int errors() {
        return errors.get();
    }

    private void send(WsTestClient sender, String target, int count) {
        try {
            for (int i = 0; i < count; i++) {
                sender.sendText("{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + target + "\",\"sdp\":\"t" + System.nanoTime() + "\"}}");
                Thread.sleep(interval.toMillis());
            }
        } catch (IOException | InterruptedException e) {
            errors.incrementAndGet();
        }
        // An error frame would come back to the sender; collect any within the run.
        WsTestClient.Frame f;
        try {
            while ((f = sender.poll(Duration.ZERO)) != null) {
                if (f.text().contains("\"error\"")) {
                    errors.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void receive(WsTestClient receiver, int count, ConcurrentLinkedQueue<Long> latencies) {
        try {
            for (int i = 0; i < count; i++) {
                String text = receiver.nextText();
                long now = System.nanoTime();
                Matcher m = RELAYED.matcher(text);
                if (!m.matches()) {
                    errors.incrementAndGet();
                    continue;
                }
                latencies.add(now - Long.parseLong(m.group(1)));
            }
        } catch (AssertionError | InterruptedException e) {
            errors.incrementAndGet();
        }
    }

    @Override
    public void close() {
        pairs.forEach(p -> {
            p[0].close();
            p[1].close();
        });
    }
}
