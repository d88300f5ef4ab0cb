package dev.signals.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.signals.server.room.RoomClients;
import dev.signals.server.room.RoomClients.Client;
import dev.signals.server.testing.Await;
import dev.signals.server.testing.ChildNode;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Readers that stop reading while others send them large messages (SECURITY.md "Memory budget"):
 * their queued frames are bounded in bytes per socket and per node, so direct memory is never
 * exhausted and an innocent pair's large messages keep arriving, every one, in order.
 */
class StalledReaderMemoryTest {
    private static final int PAIRS = 15;
    private static final int ATTACK_OFFERS = 250;
    private static final String ATTACK_SDP = "x".repeat(63_000);
    private static final int INNOCENT_OFFERS = 40;

    /**
     * The attack as reported, on a node whose direct memory is far below what the attackers queue
     * (15 readers x 250 x 63 KB): each stalled socket is closed at its byte cap; nothing runs out.
     * On io_uring too, whose sockets count only what a whole turn left unwritten (docs/production.md "Transport").
     */
    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring"})
    void stalledReadersCannotExhaustDirectMemory(String transport) throws Exception {
        try (ChildNode node = ChildNode.start(List.of("-Xmx128m", "-XX:MaxDirectMemorySize=48m"),
                "--ws-read-timeout", "60s", "--transport", transport)) {
            node.awaitReady(Duration.ofSeconds(20));
            Attack attack = Attack.start(node.port(), PAIRS);
            Client sender = attack.sender();
            Client receiver = attack.receiver();
            AtomicReference<Throwable> innocentFailure = new AtomicReference<>();
            Thread innocent = new Thread(() -> offerSlowly(sender, receiver.id(), innocentFailure), "innocent-sender");
            innocent.start();
            for (int i = 0; i < INNOCENT_OFFERS; i++) {
                String got = receiver.ws().next(Duration.ofSeconds(10)).text();
                if (!got.equals(RoomClients.relayed("offer", sender.id(), innocentSdp(i)))) {
                    throw new AssertionError("innocent offer " + i + ": " + got.substring(0, Math.min(200, got.length()))
                            + "\n" + String.join("\n", node.output()));
                }
            }
            innocent.join(30_000);
            attack.awaitFloods();
            assertEquals(null, innocentFailure.get());

            // Closed stalled sockets leave after the close grace; wait for the count, then check both.
            String scrape = awaitScrape(node.adminPort(),
                    s -> TestNode.metric(s, "signal_connections{dialect=\"room\"}") == PAIRS + 2);
            assertEquals(PAIRS, TestNode.metric(scrape,
                    "signal_errors_total{dialect=\"room\",reason=\"send_queue_overflow\"}"),
                    () -> "every stalled reader closed once: " + errors(scrape) + node.output());
            assertFalse(node.output().stream().anyMatch(l -> l.contains("OutOfMemoryError")), "no allocation failed");
            assertFalse(node.output().stream().anyMatch(l -> l.contains("internal error")), "no socket closed 1011");
        }
    }

    /**
     * With no per-socket byte cap, the node's budget is what holds: over it, the sockets holding
     * the most unsent bytes are closed first, and a reading pair is never touched.
     */
    @Test
    void overTheNodeBudgetTheHeaviestStalledReadersAreClosed() throws Exception {
        try (TestNode node = TestNode.start("--ws-send-queue", "0", "--ws-send-queue-bytes", "0",
                "--ws-send-budget", "2MiB", "--rate-limit", "0")) {
            Attack attack = Attack.start(node.port(), 3);
            Client sender = attack.sender();
            Client receiver = attack.receiver();
            // While the node is over its budget a large offer is refused to its sender, never lost:
            // each one arrives, or its sender hears "server busy" and offers it again.
            for (int i = 0; i < 10; i++) {
                assertEquals(RoomClients.relayed("offer", sender.id(), innocentSdp(i)), offerUntilRelayed(sender, receiver, i));
            }
            attack.awaitFloods();
            String scrape = awaitScrape(node.adminPort(),
                    s -> TestNode.metric(s, "signal_connections{dialect=\"room\"}") == 3 + 2);
            assertEquals(3, TestNode.metric(scrape,
                    "signal_errors_total{dialect=\"room\",reason=\"send_budget_exceeded\"}"), () -> errors(scrape).toString());
        }
    }

    private static String offerUntilRelayed(Client sender, Client receiver, int i) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        sender.send(RoomClients.offer(receiver.id(), innocentSdp(i)));
        while (System.nanoTime() < deadline) {
            WsTestClient.Frame relayed = receiver.ws().poll(Duration.ofMillis(50));
            if (relayed != null) {
                return relayed.text();
            }
            WsTestClient.Frame refused = sender.ws().poll(Duration.ofMillis(50));
            if (refused != null) {
                assertEquals(RoomClients.error("server busy"), refused.text());
                sender.send(RoomClients.offer(receiver.id(), innocentSdp(i)));
            }
        }
        throw new AssertionError("offer " + i + " neither relayed nor refused");
    }

    /**
     * {@code pairs} rooms each with an attacker flooding a reader that stopped reading, already
     * under way, and an innocent pair in a room of its own.
     */
    private record Attack(List<Thread> floods, Client sender, Client receiver) {
        static Attack start(int port, int pairs) throws IOException, InterruptedException {
            List<Client[]> stalled = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                stalled.add(stalledPair(port, "attack-" + i));
            }
            Client sender = RoomClients.connect(port);
            Client receiver = RoomClients.connect(port);
            RoomClients.joinTogether("innocent", sender, receiver);
            List<Thread> floods = new ArrayList<>();
            for (Client[] pair : stalled) {
                floods.add(flood(pair[0], pair[1].id()));
            }
            floods.forEach(Thread::start);
            return new Attack(floods, sender, receiver);
        }

        void awaitFloods() throws InterruptedException {
            for (Thread t : floods) {
                t.join(30_000);
            }
        }
    }

    /** A reader of its own room that reads its id and join, then never reads again. */
    private static Client[] stalledPair(int port, String room) throws IOException, InterruptedException {
        Client attacker = RoomClients.connect(port);
        Client stalled = RoomClients.connect(port);
        RoomClients.joinTogether(room, attacker, stalled);
        stalled.ws().pauseReading();
        return new Client[] {attacker, stalled};
    }

    private static Thread flood(Client attacker, String target) {
        return new Thread(() -> {
            try {
                String offer = RoomClients.offer(target, ATTACK_SDP);
                for (int i = 0; i < ATTACK_OFFERS; i++) {
                    attacker.send(offer);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "attacker");
    }

    /**
     * Forty 60 KB offers, one every 100 ms: well under the sender's rate limit, and 600 KB/s that a
     * receiver on a loaded test machine keeps up with inside its 1 MiB queue.
     */
    private static void offerSlowly(Client sender, String target, AtomicReference<Throwable> failure) {
        try {
            for (int i = 0; i < INNOCENT_OFFERS; i++) {
                sender.send(RoomClients.offer(target, innocentSdp(i)));
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            failure.set(e);
        }
    }

    private static String innocentSdp(int i) {
        return "innocent-" + i + "-" + "y".repeat(60_000);
    }

    private static List<String> errors(String scrape) {
        return scrape.lines().filter(l -> l.startsWith("signal_errors_total") || l.startsWith("signal_rate")).toList();
    }

    /** Scrapes {@code /metrics} until {@code condition} holds (only the stalled readers left), or fails after 10 s. */
    private static String awaitScrape(int adminPort, Predicate<String> condition) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build();
        return Await.matching("metrics", Duration.ofSeconds(10),
                () -> http.send(request, HttpResponse.BodyHandlers.ofString()).body(), condition);
    }
}
