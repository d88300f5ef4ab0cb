package dev.signals.server.mailbox;

import static dev.signals.server.mailbox.MailboxClient.OK;
import static dev.signals.server.mailbox.MailboxClient.data;
import static dev.signals.server.mailbox.MailboxClient.msg;
import static dev.signals.server.mailbox.MailboxClient.offerBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.ClusteredTest;
import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Mailbox keys shared by nodes through a real Redis (docs/mailbox.md, docs/cluster.md): whatever one node
 * stores, another serves, with the same checks, TTLs, lifetime and size rules.
 */
class RedisMailboxClusterTest extends ClusteredTest {
    private static final String FULL = msg("缓存超出MaxCost，服务已达到最大负载");
    private MailboxClient client(String id, String... flags) throws Exception {
        return new MailboxClient(node(id, flags));
    }

    @Test
    void aKeyWrittenOnOneNodeIsServedByAnother() throws Exception {
        MailboxClient one = client("one");
        MailboxClient two = client("two");
        String sdp = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\n\"}";
        assertEquals(OK, one.post("/offer/sdp/", "k1", offerBody(30, sdp)));
        assertEquals(OK, one.post("/offer/candidate/", "k1", "candidate:1 1 udp 1 1.2.3.4 5 typ host"));
        assertEquals(OK, one.post("/offer/candidate/", "k1", " second\n"));

        assertEquals(data(sdp), two.get("/answer/sdp/", "k1"));
        assertEquals(msg("sdp没有值"), two.get("/answer/sdp/", "k1"));
        assertEquals(data("candidate:1 1 udp 1 1.2.3.4 5 typ host"), two.get("/answer/candidate/", "k1"));
        assertEquals(data(" second\n"), two.get("/answer/candidate/", "k1"));
        assertEquals(msg("candidate没有值"), two.get("/answer/candidate/", "k1"));
        assertEquals(msg("队列获取失败，因为不存在"), one.get("/offer/sdp/", "k1"));

        assertEquals(OK, two.post("/answer/sdp/", " k1 ", "{\"type\":\"answer\",\"sdp\":\"v=0\"}"));
        assertEquals(msg("sdp已存在"), one.post("/answer/sdp/", "k1", "again"));
        assertEquals(msg("sdp已存在"), two.post("/offer/sdp/", "k1", offerBody(30, "another offer")));
        assertEquals(OK, two.post("/answer/candidate/", "k1", "answer candidate"));
        assertEquals(data("{\"type\":\"answer\",\"sdp\":\"v=0\"}"), one.get("/offer/sdp/", "k1"));
        assertEquals(data("answer candidate"), one.get("/offer/candidate/", "k1"));

        // Refusals on a key nobody created create nothing, whichever node answers.
        assertEquals(msg("key未找到"), two.get("/answer/sdp/", "nobody"));
        assertEquals(msg("key已过期"), one.post("/offer/candidate/", "nobody", "c"));
        assertEquals(msg("body为空"), two.post("/answer/candidate/", "k1", " \t"));
        assertEquals(List.of(), redis.keys(prefix + "mailbox:nobody"));
        assertEveryKeyHasATtl("mailbox-bytes", "mailbox:k1");
    }

    @Test
    void concurrentPopsOnTwoNodesNeverHandOutOneItemTwice() throws Exception {
        MailboxClient one = client("one");
        MailboxClient two = client("two");
        assertEquals(OK, one.post("/offer/sdp/", "race", offerBody(30, "o")));
        int items = 40;
        for (int i = 0; i < items; i++) {
            assertEquals(OK, one.post("/offer/candidate/", "race", "c" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> pollers = new ArrayList<>();
            for (MailboxClient client : List.of(one, two, one, two)) {
                Callable<List<String>> poll = () -> {
                    List<String> got = new ArrayList<>();
                    String reply;
                    while (!(reply = client.get("/answer/candidate/", "race")).equals(msg("candidate没有值"))) {
                        got.add(reply);
                    }
                    return got;
                };
                pollers.add(pool.submit(poll));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> f : pollers) {
                all.addAll(f.get(20, TimeUnit.SECONDS));
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                expected.add(data("c" + i));
            }
            all.sort(null);
            expected.sort(null);
            assertEquals(expected, all, "every candidate popped exactly once");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ttlAndLifetimeRunOnOneClockForEveryNode() throws Exception {
        MailboxClient one = client("one", "--mailbox-max-lifetime", "1500ms");
        MailboxClient two = client("two", "--mailbox-max-lifetime", "1500ms");
        // Sliding TTL: 1 s after its last use the key is gone for every node, queues and all.
        assertEquals(OK, one.post("/offer/sdp/", "short", offerBody(1, "first")));
        assertEquals(OK, one.post("/offer/candidate/", "short", "old"));
        long pttl = (Long) redis.command("PTTL", prefix + "mailbox:short");
        assertTrue(pttl > 0 && pttl <= 1000, "TTL is key_ttl: " + pttl);
        awaitGone(redis, "mailbox:short");
        assertEquals(msg("key未找到"), two.get("/answer/sdp/", "short"));
        assertEquals(OK, two.post("/offer/sdp/", "short", offerBody(30, "second")));
        assertEquals(data("second"), one.get("/answer/sdp/", "short"));
        assertEquals(msg("队列获取失败，因为不存在"), one.get("/answer/candidate/", "short"));

        // Absolute lifetime: polls on both nodes keep the sliding TTL fresh, yet the key ends.
        assertEquals(OK, one.post("/offer/sdp/", "polled", offerBody(2, "o")));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int alive = 0;
        String reply;
        while ((reply = (alive % 2 == 0 ? two : one).get("/offer/sdp/", "polled")).equals(msg("队列获取失败，因为不存在"))) {
            alive++;
            assertTrue(System.nanoTime() < deadline, "the key outlived its absolute lifetime");
            Thread.sleep(100);
        }
        assertEquals(msg("key已过期"), reply);
        assertTrue(alive >= 1, "the key was alive at first: " + alive);
    }

    @Test
    void theByteBudgetAndTheCandidateCapHoldAcrossNodes() throws Exception {
        // 256 + 1 (key) + 48 + 1 (sdp) = 306 bytes per key with a one-character offer: three fit in 1000.
        MailboxClient one = client("one", "--mailbox-max-bytes", "1000", "--mailbox-ip-share", "0", "--mailbox-max-candidates", "2");
        MailboxClient two = client("two", "--mailbox-max-bytes", "1000", "--mailbox-ip-share", "0", "--mailbox-max-candidates", "2");
        assertEquals(OK, one.post("/offer/sdp/", "a", offerBody(1, "o")));
        assertEquals(OK, two.post("/offer/sdp/", "b", offerBody(30, "o")));
        assertEquals(OK, one.post("/offer/sdp/", "c", offerBody(30, "o")));
        assertEquals(FULL, two.post("/offer/sdp/", "d", offerBody(30, "o")));
        assertEquals(List.of(), redis.keys(prefix + "mailbox:d"), "a refused offer creates nothing");
        // Popping frees the item's bytes for every node: 49 back, room for "x" (49) but not 40 more.
        assertEquals(data("o"), two.get("/answer/sdp/", "b"));
        assertEquals(OK, one.post("/offer/candidate/", "b", "x"));
        assertEquals(FULL, two.post("/offer/candidate/", "b", "y".repeat(40)));

        // The expired key's bytes come back: d fits once a has expired.
        awaitGone(redis, "mailbox:a");
        assertEquals(OK, two.post("/offer/sdp/", "d", offerBody(30, "o")));

        // Two candidates per queue, counted in Redis whichever node appends.
        assertEquals(data("o"), one.get("/answer/sdp/", "c"));
        assertEquals(data("x"), two.get("/answer/candidate/", "b"));
        assertEquals(OK, one.post("/answer/candidate/", "c", "1"));
        assertEquals(OK, two.post("/answer/candidate/", "c", "2"));
        assertEquals(FULL, one.post("/answer/candidate/", "c", "3"));
        assertEquals(data("1"), two.get("/offer/candidate/", "c"));
    }

    @Test
    @EnabledIf("dev.signals.server.testing.ClusteredTest#overSingleRedis")
    void redisDownAnswersTheMaxCostMessageAndRedisBackWorksAgain() throws Exception {
        try (RedisProcess own = RedisProcess.start();
             TestNode n1 = TestNode.clustered(own.address(), prefix, "one");
             TestNode n2 = TestNode.clustered(own.address(), prefix, "two")) {
            MailboxClient one = new MailboxClient(n1);
            MailboxClient two = new MailboxClient(n2);
            assertEquals(OK, one.post("/offer/sdp/", "k", offerBody(30, "o")));
            own.stop();
            assertEquals(FULL, two.get("/answer/sdp/", "k"));
            assertEquals(FULL, one.post("/offer/sdp/", "other", offerBody(30, "o")));
            // The key-header check needs no backend and comes first (docs/mailbox.md step 1).
            assertEquals(msg("key为空"), one.get("/answer/sdp/", " "));

            own.restart(); // empty: the key is gone with Redis's memory
            n1.awaitReady(Duration.ofSeconds(10));
            n2.awaitReady(Duration.ofSeconds(10));
            assertEquals(OK, one.post("/offer/sdp/", "k", offerBody(30, "again")));
            assertEquals(data("again"), two.get("/answer/sdp/", "k"));
        }
    }
}
