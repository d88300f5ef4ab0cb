package dev.signals.server.mailbox;

import static dev.signals.server.mailbox.MailboxClient.OK;
import static dev.signals.server.mailbox.MailboxClient.msg;
import static dev.signals.server.mailbox.MailboxClient.offerBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Concurrent polls over real HTTP: each item reaches exactly one poller (docs/mailbox.md Concurrency). */
class MailboxConcurrencyTest {
    private static final String EMPTY = msg("candidate没有值");
    private TestNode node;
    private MailboxClient client;
    private ExecutorService pool;

    @BeforeEach
    void start() {
        node = TestNode.start("--http-rate-limit", "0");
        client = new MailboxClient(node);
        pool = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        node.close();
    }

    @Test
    void eightPollersReceiveEachCandidateExactlyOnce() throws Exception {
        int items = 200;
        client.post("/offer/sdp/", "k", offerBody(30, "s"));
        for (int i = 0; i < items; i++) {
            assertEquals(OK, client.post("/offer/candidate/", "k", "c" + i));
        }
        CyclicBarrier start = new CyclicBarrier(8);
        List<Future<List<String>>> pollers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            pollers.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                List<String> mine = new ArrayList<>();
                String reply;
                while (!(reply = client.get("/answer/candidate/", "k")).equals(EMPTY)) {
                    mine.add(reply);
                }
                return mine;
            }));
        }
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (Future<List<String>> f : pollers) {
            for (String reply : f.get(60, TimeUnit.SECONDS)) {
                assertTrue(seen.add(reply), "delivered twice: " + reply);
                total++;
            }
        }
        assertEquals(items, total);
        for (int i = 0; i < items; i++) {
            assertTrue(seen.contains(MailboxClient.data("c" + i)), "lost c" + i);
        }
    }

    @Test
    void ofTwoConcurrentPollsOfOneItemExactlyOneWins() throws Exception {
        client.post("/offer/sdp/", "k", offerBody(30, "s"));
        CyclicBarrier start = new CyclicBarrier(2);
        for (int round = 0; round < 20; round++) {
            String item = "round" + round;
            client.post("/answer/candidate/", "k", item);
            List<Future<String>> both = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                both.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return client.get("/offer/candidate/", "k");
                }));
            }
            String a = both.get(0).get(10, TimeUnit.SECONDS);
            String b = both.get(1).get(10, TimeUnit.SECONDS);
            Set<String> replies = Set.of(a, b);
            assertEquals(Set.of(MailboxClient.data(item), EMPTY), replies, "round " + round);
        }
    }
}
