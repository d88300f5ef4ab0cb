package dev.signals.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.RawHttp;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * One abusive client among well-behaved ones (SECURITY.md "Limits and their defaults"): the abuser's messages over its
 * rate are dropped, it gets at most one {@code rate limit exceeded} a second and is closed 1008
 * after ten such seconds, while the others lose nothing and keep their relay latency; a per-IP
 * HTTP flood gets 429 while another IP on the same node is served.
 */
class FloodTest {
    private static final int PAIRS = 4;
    private static final Duration GOOD_INTERVAL = Duration.ofMillis(40); // 25 messages/s, half the default limit
    /** How long the good clients relay beside the abuser. */
    private static final Duration BESIDE_THE_ABUSER = Duration.ofSeconds(6);

    /**
     * What must hold, whatever the machine's load: every message of the well-behaved clients is
     * relayed (none refused, none lost), while the abuser's excess is dropped, answered with at
     * most one error a second, and its connection closed 1008. Latency is printed, not asserted:
     * a ratio of percentiles on a shared host measures the host.
     */
    @Test
    void anAbuserIsThrottledAndClosedWhileOthersAreStillServed() throws Exception {
        try (TestNode node = TestNode.start(); RelayPairs good = RelayPairs.open(node, PAIRS, GOOD_INTERVAL)) {

            // The abuser relays to an accomplice, so what it gets through is real work for the node.
            WsTestClient accomplice = node.ws("/connect");
            WsTestClient abuser = node.ws("/connect");
            String accompliceId = RelayPairs.idOf(accomplice);
            abuser.nextText(); // notify-client-id
            accomplice.sendText("{\"type\":\"join\",\"payload\":{\"room_id\":\"abuse\"}}");
            accomplice.nextText(); // joined, before the abuser joins: it then sees no new-client
            abuser.sendText("{\"type\":\"join\",\"payload\":{\"room_id\":\"abuse\"}}");
            abuser.nextText(); // joined
            AtomicBoolean flooding = new AtomicBoolean(true);
            Thread flood = new Thread(() -> floodUntilClosed(abuser, accompliceId, flooding), "abuser");
            long floodStart = System.nanoTime();
            flood.start();
            List<Long> besideTheAbuser;
            try {
                besideTheAbuser = good.measure(BESIDE_THE_ABUSER); // fails unless every message arrived
            } finally {
                WsTestClient.Frame close;
                int rateErrors = 0;
                while (true) {
                    WsTestClient.Frame f = abuser.next(Duration.ofSeconds(15));
                    if (f.isClose()) {
                        close = f;
                        break;
                    }
                    assertEquals("{\"type\":\"error\",\"payload\":{\"error\":\"rate limit exceeded\"}}", f.text());
                    rateErrors++;
                }
                flooding.set(false);
                flood.join(5_000);
                double floodSeconds = (System.nanoTime() - floodStart) / 1e9;
                assertEquals(1008, close.closeCode());
                assertEquals("rate limit exceeded", close.closeReason());
                // A flood of T seconds touches at most floor(T) + 2 one-second windows.
                assertTrue(rateErrors >= 1 && rateErrors <= Math.floor(floodSeconds) + 2,
                        "at most one rate error a second: " + rateErrors + " in " + floodSeconds + " s");
                abuser.close();
                accomplice.close();
            }

            System.out.printf("good clients' relay p99 beside the abuser: %.2f ms (%d messages; informative)%n",
                    percentile(besideTheAbuser, 99) / 1e6, besideTheAbuser.size());
            assertEquals(0, good.errors(), "well-behaved clients were never refused");
            assertTrue(NodeChecks.metric(node, "signal_rate_limited_total{dialect=\"room\"}") > 0, "the excess was dropped");
        }
    }

    @Test
    void anHttpFloodFromOneIpIsRefusedWhileAnotherIpIsServed() throws Exception {
        InetAddress abuser = InetAddress.getByName("127.0.0.2");
        InetAddress neighbour = InetAddress.getByName("127.0.0.1");
        // A burst of 40 and one token every 20 s: nothing refills while the test runs.
        try (TestNode node = TestNode.start("--http-rate-limit", "0.05", "--http-rate-burst", "40")) {
            int refused = 0;
            long start = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                RawHttp.Response res = RawHttp.exchange(abuser, node.port(), "POST", "/offer", Map.of(), new byte[0]);
                if (res.status() == 429) {
                    assertEquals("{\"code\":-1,\"msg\":\"rate limit exceeded\",\"data\":null}", res.text());
                    refused++;
                }
            }
            // The burst, plus one refill per 20 s of the run, is served; everything else is refused.
            long refills = 1 + (System.nanoTime() - start) / Duration.ofSeconds(20).toNanos();
            int served = 200 - refused;
            assertTrue(served >= 40 && served <= 40 + refills, "all but the burst is refused: " + refused);
            assertEquals(refused, NodeChecks.metric(node, "signal_rate_limited_total{dialect=\"domain\"}"), "each refusal counted once");
            for (int i = 0; i < 20; i++) {
                RawHttp.Response res = RawHttp.exchange(neighbour, node.port(), "GET", "/health", Map.of(), new byte[0]);
                assertEquals(200, res.status(), "the other IP is unaffected");
            }
            try (WsTestClient ws = WsTestClient.connect(neighbour, node.port(), "/connect", Map.of(), true)) {
                assertEquals(101, ws.status());
            }
            RawHttp.Response still = RawHttp.exchange(abuser, node.port(), "GET", "/health", Map.of(), new byte[0]);
            assertEquals(429, still.status(), "the flooding IP is still limited");
        }
    }

    /** Batches of 100 offers, every 10 ms: about 10 000 messages a second, 200 times the limit. */
    private static void floodUntilClosed(WsTestClient abuser, String target, AtomicBoolean flooding) {
        byte[] offer = ("{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + target + "\",\"sdp\":\"v=0\"}}")
                .getBytes(StandardCharsets.UTF_8);
        try {
            while (flooding.get() && !abuser.isEof()) {
                abuser.sendRepeated(0x1, offer, 100);
                Thread.sleep(10);
            }
        } catch (IOException closed) {
            // the server hung up on us: expected at the end
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static long percentile(List<Long> samples, int p) {
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        assertTrue(sorted.size() >= 100, "enough samples: " + sorted.size());
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
